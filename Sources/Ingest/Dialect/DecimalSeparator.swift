import Foundation

/// The character that separates a number's decimals in a file: `.` (then `,` may group
/// thousands) or `,` (then `.` may). One per file, from the configuration, the file's own
/// numbers, or its delimiter (`QuantityText`).
package enum DecimalSeparator: String, Sendable, Equatable, CaseIterable {
    case point = "."
    case comma = ","

    /// The configuration's spelling: "." or "point", "," or "comma"; nil for anything else.
    package init?(configured text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case ".", "point": self = .point
        case ",", "comma": self = .comma
        default: return nil
        }
    }

    /// The other one (the thousands separator when this one separates decimals).
    var other: DecimalSeparator { self == .point ? .comma : .point }

    /// The character in quotes, for messages: `'.'` or `','`.
    var quoted: String { "'\(rawValue)'" }

    /// 0 for the point, 1 for the comma (an index into per-separator tables).
    var index: Int { self == .point ? 0 : 1 }
}
