import Foundation

/// JSON written straight to text, for the outbox's JSON files and the dashboard's embedded data.
/// `<`, `>`, `&`, U+2028 and U+2029 are written as `\u` escapes (JSON strings are the only place
/// they can occur, and the escapes mean the same there), so the text is also safe inside an HTML
/// `<script>` element and an XML document: no data can close the element or open markup.
/// Doubles are written in Swift's shortest round-trip form, so a reader gets back exactly the
/// numbers the daemon computed. (Foundation's JSONSerialization took 20–40 ms for one
/// report.json and 1.5 s for the dashboard data of 1,000 products; this takes well under 1 ms
/// and a few ms.)
enum JSONText {
    case number(Double)
    case integer(Int)
    case string(String)
    case boolean(Bool)
    case null
    case array([JSONText])
    case object([(String, JSONText)])

    /// Numbers, non-finite ones as null.
    static func numbers(_ values: [Double]) -> JSONText { .array(values.map { .number($0) }) }

    /// An object whose members are written in the order of their keys (the outbox's files).
    static func sorted(_ members: [String: JSONText]) -> JSONText {
        .object(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// An object of strings, members in key order.
    static func strings(_ members: [String: String]) -> JSONText {
        sorted(members.mapValues(JSONText.string))
    }

    /// Compact: no spaces, no line breaks (the dashboard's data).
    var text: String {
        var out = ""
        write(to: &out, indent: nil)
        return out
    }

    /// Two spaces per level, one member or element per line (the outbox's files).
    var pretty: String {
        var out = ""
        write(to: &out, indent: "")
        return out
    }

    func write(to out: inout String, indent: String?) {
        switch self {
        case .number(let v):
            if v.isFinite {
                // Whole numbers without ".0"; -0 keeps its sign (printf writes it as "-0.00").
                out += v == v.rounded() && abs(v) < 1e15 ? (v.sign == .minus && v == 0 ? "-0" : String(Int(v))) : v.description
            } else {
                out += "null"
            }
        case .integer(let v): out += String(v)
        case .string(let s): Self.quote(s, to: &out)
        case .boolean(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            let inner = indent.map { $0 + "  " }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if let inner { out += "\n" + inner }
                item.write(to: &out, indent: inner)
            }
            if let indent { out += "\n" + indent }
            out += "]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            let inner = indent.map { $0 + "  " }
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                if let inner { out += "\n" + inner }
                Self.quote(key, to: &out)
                out += inner == nil ? ":" : ": "
                value.write(to: &out, indent: inner)
            }
            if let indent { out += "\n" + indent }
            out += "}"
        }
    }

    private static let hex = Array("0123456789abcdef")

    /// `s` as a JSON string. Runs of characters that need no escape are copied whole (a
    /// dashboard chart's markup is most of a product's data.js).
    static func quote(_ s: String, to out: inout String) {
        out += "\""
        var text = s
        text.withUTF8 { bytes in
            var plain = 0
            func flush(_ end: Int) {
                if end > plain { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[plain..<end]), as: UTF8.self) }
            }
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                var escape: String? = nil
                var length = 1
                switch b {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                case UInt8(ascii: "\t"): escape = "\\t"
                case UInt8(ascii: "<"): escape = "\\u003c"
                case UInt8(ascii: ">"): escape = "\\u003e"
                case UInt8(ascii: "&"): escape = "\\u0026"
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    // U+2028 and U+2029 (E2 80 A8, E2 80 A9): line breaks to JavaScript.
                    escape = bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    length = 3
                default:
                    if b < 0x20 { escape = "\\u00" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)]) }
                }
                if let escape {
                    flush(i)
                    out += escape
                    plain = i + length
                }
                i += length
            }
            flush(bytes.count)
        }
        out += "\""
    }
}
