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

    /// `printed` (a number as printf writes it) with the digits of its whole part in groups of
    /// three: "1234567.5" → "1,234,567.5" with ",". The page's script has the same function
    /// (`StockcastPlan.grouped`).
    static func grouped(_ printed: String, separator: String) -> String {
        let parts = printed.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let sign = whole.hasPrefix("-") ? "-" : ""
        let digits = Array(whole.dropFirst(sign.count))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
            out.append(d)
        }
        return sign + out + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// A number for SVG coordinates: at most one decimal, no trailing ".0".
    static func coordinate(_ v: Double) -> String {
        let tenths = (v * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e15 else { return "0" }
        let n = Int(tenths)
        let whole = n / 10, tenth = abs(n % 10)
        guard tenth != 0 else { return String(whole) }
        return (n < 0 && whole == 0 ? "-0" : String(whole)) + "." + String(tenth)
    }
}
