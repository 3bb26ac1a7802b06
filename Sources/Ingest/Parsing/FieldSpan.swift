/// Where one field's bytes are within the buffer being parsed.
struct FieldSpan {
    var start = 0
    var end = 0
    /// Quoted with doubled quotes inside, which must be undoubled before use.
    var escaped = false
    var present = false
}
