import StockcastCore

/// A configured date format (`date_format`): `yyyy`, `MM`, `dd` (exactly two digits), `M`, `d`
/// (one or two) and literal characters.
struct DateFormat: Equatable {
    enum Token: Equatable {
        case year
        case month(exactlyTwo: Bool)
        case day(exactlyTwo: Bool)
        case literal(UInt8)
    }

    let text: String
    let tokens: [Token]

    /// Compiles `text`, or says why it cannot be used.
    static func compile(_ text: String) -> Result<DateFormat, DateFormatProblem> {
        var tokens: [Token] = []
        let characters = Array(text)
        var i = 0
        var years = 0, months = 0, days = 0
        while i < characters.count {
            let c = characters[i]
            var run = 1
            while i + run < characters.count && characters[i + run] == c { run += 1 }
            switch c {
            case "y":
                guard run == 4 else { return .failure(DateFormatProblem(format: text, reason: "the year must be written yyyy (four digits)")) }
                tokens.append(.year)
                years += 1
            case "M":
                guard run <= 2 else { return .failure(DateFormatProblem(format: text, reason: "month names (MMM) are not supported; use MM or M")) }
                tokens.append(.month(exactlyTwo: run == 2))
                months += 1
            case "d":
                guard run <= 2 else { return .failure(DateFormatProblem(format: text, reason: "use dd or d for the day of the month")) }
                tokens.append(.day(exactlyTwo: run == 2))
                days += 1
            default:
                if c.isLetter && c.isASCII {
                    return .failure(
                        DateFormatProblem(
                            format: text,
                            reason:
                                "\"\(c)\" is not supported; use yyyy, MM (or M), dd (or d) and separators (a time after the date is dropped without being described)"
                        ))
                }
                for _ in 0..<run { tokens.append(contentsOf: String(c).utf8.map(Token.literal)) }
            }
            i += run
        }
        guard years == 1, months == 1, days == 1 else {
            return .failure(DateFormatProblem(format: text, reason: "it needs yyyy, MM (or M) and dd (or d) exactly once each"))
        }
        return .success(DateFormat(text: text, tokens: tokens))
    }

    /// Matches `p[start..<end]` from its start; returns year, month, day and where the match ended.
    func match(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (year: Int, month: Int, day: Int, end: Int)? {
        var i = start
        var year = 0, month = 0, day = 0
        for token in tokens {
            switch token {
            case .literal(let byte):
                guard i < end, p[i] == byte else { return nil }
                i += 1
            case .year:
                guard let value = FieldValues.digits(p, i, end, count: 4) else { return nil }
                year = value
                i += 4
            case .month(let two), .day(let two):
                guard let value = FieldValues.digits(p, i, end, count: two ? 2 : 1) else { return nil }
                var number = value
                i += two ? 2 : 1
                if !two, i < end, let next = FieldValues.digit(p[i]) {
                    number = number * 10 + next
                    i += 1
                }
                if case .month = token { month = number } else { day = number }
            }
        }
        return (year, month, day, i)
    }
}

/// Why a configured date format cannot be used.
struct DateFormatProblem: Error {
    var format: String
    var reason: String
}
