import Foundation

/// A moment in time as seconds since 1970-01-01T00:00:00Z, formatted the way Alertmanager and
/// status readers expect (RFC 3339, UTC).
package struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    package var seconds: Double

    package init(seconds: Double) {
        self.seconds = seconds
    }

    /// The current time.
    package static func now() -> Timestamp {
        Timestamp(seconds: Date().timeIntervalSince1970)
    }

    /// `2024-12-30T14:05:09.123Z` (milliseconds).
    package var description: String {
        let millis = Int((seconds * 1000).rounded(.down))
        let day = Day(daysSince1970: Int((Double(millis) / 86_400_000).rounded(.down)))
        let ms = millis - day.daysSince1970 * 86_400_000
        let h = ms / 3_600_000, m = ms / 60_000 % 60, s = ms / 1000 % 60, f = ms % 1000
        return "\(day)T\(two(h)):\(two(m)):\(two(s)).\(f < 10 ? "00" : (f < 100 ? "0" : ""))\(f)Z"
    }

    /// `20241230T140509123Z`: sortable and safe in file names.
    package var compact: String {
        description.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            .replacingOccurrences(of: ".", with: "")
    }

    /// The day this moment falls on, in UTC.
    package var day: Day { Day(daysSince1970: Int((seconds / 86_400).rounded(.down))) }

    package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    private func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
