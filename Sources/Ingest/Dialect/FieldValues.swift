import StockcastCore

/// Which date format a date was written in (for the dialect description).
enum DateStyle: UInt8 {
    case iso = 1, dayFirst = 2, configured = 4
}

/// The outcome of reading a date field.
enum DateParse {
    case day(Day, DateStyle, hasTime: Bool)
    /// Written as a date, but no such day exists (2023-02-30, month 13, year 0).
    case impossible(year: Int, month: Int, day: Int)
    case unrecognised
}

/// Dates read straight from bytes (numbers: `QuantityText`).
enum FieldValues {
    @inline(__always)
    static func digit(_ byte: UInt8) -> Int? {
        byte &- 0x30 < 10 ? Int(byte &- 0x30) : nil
    }

    /// `count` decimal digits at `p[i...]`, or nil.
    @inline(__always)
    static func digits(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int, count: Int) -> Int? {
        guard i + count <= end else { return nil }
        var value = 0
        for k in 0..<count {
            let d = p[i + k] &- 0x30
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }

    /// Reads a date: ISO `YYYY-MM-DD`, then day-first `D.M.YYYY` (one or two digits for day and
    /// month), then the configured format; each may be followed by `T` or a space and a time,
    /// which is dropped. Never guesses month-first; never rolls an impossible date over.
    static func date(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, format: DateFormat?) -> DateParse {
        var impossible: (Int, Int, Int)?
        // ISO.
        if end - start >= 10, p[start + 4] == 0x2D, p[start + 7] == 0x2D,
            let y = digits(p, start, end, count: 4), let m = digits(p, start + 5, end, count: 2),
            let d = digits(p, start + 8, end, count: 2),
            let hasTime = timeSuffix(p, start + 10, end, allowT: true)
        {
            if let day = Day(year: y, month: m, day: d) { return .day(day, .iso, hasTime: hasTime) }
            impossible = (y, m, d)
        }
        // Day-first.
        if let dayPart = oneOrTwoDigits(p, start, end), dayPart.end < end, p[dayPart.end] == 0x2E,
            let monthPart = oneOrTwoDigits(p, dayPart.end + 1, end), monthPart.end < end, p[monthPart.end] == 0x2E,
            let y = digits(p, monthPart.end + 1, end, count: 4),
            let hasTime = timeSuffix(p, monthPart.end + 5, end, allowT: false)
        {
            let (m, d) = (monthPart.value, dayPart.value)
            if let day = Day(year: y, month: m, day: d) { return .day(day, .dayFirst, hasTime: hasTime) }
            impossible = impossible ?? (y, m, d)
        }
        // Configured.
        if let format, let matched = format.match(p, start, end),
            let hasTime = timeSuffix(p, matched.end, end, allowT: true)
        {
            let (y, m, d) = (matched.year, matched.month, matched.day)
            if let day = Day(year: y, month: m, day: d) { return .day(day, .configured, hasTime: hasTime) }
            impossible = impossible ?? (y, m, d)
        }
        if let (y, m, d) = impossible { return .impossible(year: y, month: m, day: d) }
        return .unrecognised
    }

    @inline(__always)
    private static func oneOrTwoDigits(_ p: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (value: Int, end: Int)? {
        guard i < end, let first = digit(p[i]) else { return nil }
        if i + 1 < end, let second = digit(p[i + 1]) { return (first * 10 + second, i + 2) }
        return (first, i + 1)
    }

    /// What may follow a date: nothing (false), or a separator (`T` when allowed, or a space)
    /// and a time `H:MM` or `HH:MM`, optional `:SS`, optional fraction, optional zone (`Z`,
    /// `±HH`, `±HHMM`, `±HH:MM`, possibly after a space) (true). Anything else: nil.
    static func timeSuffix(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, allowT: Bool) -> Bool? {
        if start == end { return false }
        let separator = p[start]
        guard separator == 0x20 || (allowT && separator == UInt8(ascii: "T")) else { return nil }
        var i = start + 1
        guard let hour = oneOrTwoDigits(p, i, end), hour.value <= 24, hour.end < end, p[hour.end] == 0x3A,
            let minute = digits(p, hour.end + 1, end, count: 2), minute <= 59
        else { return nil }
        i = hour.end + 3
        if i < end && p[i] == 0x3A {
            guard let second = digits(p, i + 1, end, count: 2), second <= 60 else { return nil }
            i += 3
            if i < end && (p[i] == 0x2E || p[i] == 0x2C) {
                i += 1
                let digitsStart = i
                while i < end && digit(p[i]) != nil { i += 1 }
                guard i > digitsStart else { return nil }
            }
        }
        if i < end && p[i] == 0x20 { i += 1 }
        if i == end { return true }
        if p[i] == UInt8(ascii: "Z") { return i + 1 == end ? true : nil }
        guard p[i] == 0x2B || p[i] == 0x2D, let zoneHour = digits(p, i + 1, end, count: 2), zoneHour <= 14 else { return nil }
        i += 3
        if i == end { return true }
        if p[i] == 0x3A { i += 1 }
        guard let zoneMinute = digits(p, i, end, count: 2), zoneMinute <= 59, i + 2 == end else { return nil }
        return true
    }
}
