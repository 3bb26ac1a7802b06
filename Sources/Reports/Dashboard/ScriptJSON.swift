import Foundation

/// JSON written straight to text, safe inside an HTML `<script>` element and an XML document:
/// `<`, `>`, `&`, U+2028 and U+2029 are written as `\u` escapes (JSON strings are the only place
/// they can occur, and the escapes mean the same there), so no data can close the element or open
/// markup. Doubles are written in Swift's shortest round-trip form, so the page reads back exactly
/// the numbers the daemon planned with. (Foundation's encoders take 0.5–1.5 s for the data of
/// 1,000 products; this takes a few ms.)
enum ScriptJSON {
    case number(Double)
    case integer(Int)
    case string(String)
    case null
    case array([ScriptJSON])
    case object([(String, ScriptJSON)])

    /// Numbers, non-finite ones as null.
    static func numbers(_ values: [Double]) -> ScriptJSON { .array(values.map { .number($0) }) }

    /// The same value as Foundation objects, for `JSONSerialization` (report.json).
    var foundationObject: Any {
        switch self {
        case .number(let v): return v
        case .integer(let v): return v
        case .string(let s): return s
        case .null: return NSNull()
        case .array(let items): return items.map(\.foundationObject)
        case .object(let members): return Dictionary(members.map { ($0.0, $0.1.foundationObject) }, uniquingKeysWith: { a, _ in a })
        }
    }

    var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    func write(to out: inout String) {
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
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                Self.quote(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    private static let hex = Array("0123456789abcdef")

    static func quote(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + String(hex[Int(scalar.value >> 4)]) + String(hex[Int(scalar.value & 15)])
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
