/// RFC 4180 quoting for CSV that Stockcast writes.
package enum CSVField {
    /// `text` as one CSV field: unchanged, or in double quotes (inner quotes doubled) when it
    /// contains a comma, a quote or a line break.
    package static func quoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
