/// A calendar day in the proleptic Gregorian calendar, independent of time zones.
///
/// Stored as the number of days since 1970-01-01, so that arithmetic on days is exact and a
/// series of daily values can be indexed by distance from its first day.
package struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    package let daysSince1970: Int

    /// The day `daysSince1970` days after 1970-01-01.
    package init(daysSince1970: Int) {
        self.daysSince1970 = daysSince1970
    }

    /// The day with this year, month (1–12) and day of month, or nil if no such day exists
    /// (an impossible date such as 2023-02-30 is never rolled over). Years 1–9999.
    package init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= Day.daysInMonth(year: year, month: month)
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.daysSince1970 = era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DD` exactly (no time part, no other separators).
    package init?(iso text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
            let y = Day.number(u[0..<4]), let m = Day.number(u[5..<7]), let d = Day.number(u[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Year, month (1–12) and day of month.
    package var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ISO 8601 day of the week: 1 = Monday … 7 = Sunday.
    package var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = (daysSince1970 + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// Day of the year, 1–366.
    package var dayOfYear: Int {
        let c = components
        var day = c.day
        for month in 1..<c.month { day += Day.daysInMonth(year: c.year, month: month) }
        return day
    }

    /// `YYYY-MM-DD`.
    package var description: String {
        let c = components
        return Day.pad(c.year, 4) + "-" + Day.pad(c.month, 2) + "-" + Day.pad(c.day, 2)
    }

    /// The day `days` days later (earlier when negative).
    package func advanced(by days: Int) -> Day { Day(daysSince1970: daysSince1970 + days) }

    /// Whole days from `self` to `other` (positive when `other` is later).
    package func distance(to other: Day) -> Int { other.daysSince1970 - daysSince1970 }

    package static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSince1970 < rhs.daysSince1970 }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for c in digits {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(c - UInt8(ascii: "0"))
        }
        return value
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

extension Day: Codable {
    package init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "not a YYYY-MM-DD date: \(text)"))
        }
        self = day
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
