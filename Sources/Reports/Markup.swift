import Foundation

/// Text made safe for the SVG and HTML Stockcast writes. Product ids and file names come from
/// inbox files and may hold anything, so every one of them passes through here.
enum Markup {
    /// `text` as XML/HTML character data or a double-quoted attribute value: `& < > " '`
    /// escaped, and the characters XML 1.0 forbids (NUL and the other C0 controls but tab,
    /// line feed and carriage return; lone surrogates cannot occur in a Swift String) replaced by
    /// U+FFFD, so that an XML parser and a browser both accept the result.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `object` as JSON that can sit inside an HTML `<script>` element and an XML document
    /// alike: `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` (they only occur
    /// inside JSON strings, where the escapes mean the same), so no data can close the element
    /// or open markup.
    static func scriptJSON(_ object: Any) -> String {
        // Dictionaries of strings, numbers, arrays and NSNull always serialise.
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        var out = ""
        out.reserveCapacity(data.count)
        for scalar in String(decoding: data, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A number for SVG coordinates: at most one decimal, no trailing ".0".
    static func coordinate(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        if r == r.rounded() { return String(Int(r)) }
        return String(format: "%.1f", r)
    }
}
