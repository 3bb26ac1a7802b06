/// What a quantity field's text says, before the file's decimal separator is known.
enum QuantityReading: Equatable {
    /// One reading, in units. `says` is the decimal separator the text needs: `.` for `2.5`,
    /// `1,234.5` or `1,234,567`; `,` for `2,5`, `1.234,5` or `1.234.567`; nil when it has no
    /// `.` or `,` (`12`, `1e3`, `1 234`).
    case number(Double, says: DecimalSeparator?)
    /// `1.234` or `12,345`: one to three digits (not starting with 0), one `.` or `,`, exactly
    /// three digits. `grouped` units (sign included) when `separator` groups thousands,
    /// `grouped / 1000` when it separates decimals.
    case ambiguous(grouped: Double, separator: DecimalSeparator)
    /// Not a number in any convention.
    case malformed
}

/// Numbers as ERP exports write them: an optional sign, digits, optionally grouped in thousands
/// by `.`, `,`, a space, U+00A0, U+2009 or U+202F (a first group of 1–3 digits, then groups of
/// exactly three), optionally one decimal separator (`.` or `,`, after every grouping one) with
/// any number of decimals, and an exponent (`e`/`E`) only without grouping.
enum QuantityText {
    /// Kinds of separator, as bits.
    private static let point: UInt8 = 1, comma: UInt8 = 2, space: UInt8 = 4

    /// Powers of ten exactly representable as a Double.
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Reads `p[start..<end]` (trimmed of spaces and tabs). Every reading is correctly rounded.
    static func read(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> QuantityReading {
        var i = start
        guard i < end else { return .malformed }
        var negative = false
        if p[i] == 0x2D || p[i] == 0x2B {
            negative = p[i] == 0x2D
            i += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0  // digits in the mantissa after leading zeros
        var scale = 0  // digits beyond the 19 kept, as a power of ten
        var digits = 0, run = 0, firstRun = 0
        var leadingZero = false
        var separators = 0
        var last: UInt8 = 0  // kind of the last separator
        var prior: UInt8 = 0  // kinds of the separators before it
        var groupsOfThree = true  // every run between two separators has three digits
        while i < end {
            let byte = p[i]
            let d = byte &- 0x30
            if d < 10 {
                if digits == 0 && d == 0 { leadingZero = true }
                digits += 1
                run += 1
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    if mantissa != 0 { significant += 1 }
                } else {
                    scale += 1
                    significant += 1
                }
                i += 1
                continue
            }
            var kind: UInt8 = 0
            var width = 1
            switch byte {
            case 0x2E: kind = point
            case 0x2C: kind = comma
            case 0x20: kind = space
            case 0xC2 where i + 1 < end && p[i + 1] == 0xA0:
                kind = space
                width = 2
            case 0xE2 where i + 2 < end && p[i + 1] == 0x80 && (p[i + 2] == 0xAF || p[i + 2] == 0x89):
                kind = space
                width = 3
            default: break
            }
            if kind == 0 { break }
            if separators == 0 {
                firstRun = run
            } else {
                guard run > 0 else { return .malformed }
                if run != 3 { groupsOfThree = false }
                prior |= last
            }
            last = kind
            separators += 1
            run = 0
            i += width
        }
        guard digits > 0 else { return .malformed }
        var exponent = 0
        var hasExponent = false
        if i < end && p[i] | 0x20 == 0x65 {
            hasExponent = true
            i += 1
            var exponentNegative = false
            if i < end && (p[i] == 0x2D || p[i] == 0x2B) {
                exponentNegative = p[i] == 0x2D
                i += 1
            }
            guard i < end, p[i] &- 0x30 < 10 else { return .malformed }
            while i < end, p[i] &- 0x30 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] &- 0x30) }
                i += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        guard i == end else { return .malformed }

        /// The digits as one number with `decimals` of them after the decimal separator.
        func value(decimals: Int) -> Double {
            let power = scale - decimals + exponent
            if significant <= 19, mantissa <= 1 << 53, power >= -22, power <= 22 {
                // Both operands exact, so the one rounding of × or ÷ is the correct rounding.
                var v = Double(mantissa)
                if power < 0 { v /= powersOfTen[-power] } else if power > 0 { v *= powersOfTen[power] }
                return negative ? -v : v
            }
            // Rare: long mantissas or large exponents. Every digit, then the power of ten, read
            // by the standard library's correctly rounded conversion.
            var text = negative ? "-" : ""
            text.unicodeScalars.reserveCapacity(digits + 8)
            var k = start
            while k < end, p[k] | 0x20 != 0x65 {
                if p[k] &- 0x30 < 10 { text.unicodeScalars.append(Unicode.Scalar(p[k])) }
                k += 1
            }
            text += "e\(exponent - decimals)"
            return Double(text) ?? .nan
        }

        if separators == 0 { return .number(value(decimals: 0), says: nil) }
        let after = run
        // Thousands grouping: a first group of 1–3 digits not starting with 0, groups of three.
        let grouped = firstRun >= 1 && firstRun <= 3 && !leadingZero && groupsOfThree
        guard prior & (prior &- 1) == 0 else { return .malformed }  // two kinds of grouping
        if last == space {
            guard prior == 0 || prior == space, grouped, after == 3, !hasExponent else { return .malformed }
            return .number(value(decimals: 0), says: nil)
        }
        let separator: DecimalSeparator = last == point ? .point : .comma
        if prior == 0 {
            if !hasExponent, after == 3, grouped {
                return .ambiguous(grouped: negative ? -Double(mantissa) : Double(mantissa), separator: separator)
            }
            return .number(value(decimals: after), says: separator)
        }
        guard !hasExponent, grouped else { return .malformed }
        if prior == last {
            // The same character throughout: it groups thousands.
            guard after == 3 else { return .malformed }
            return .number(value(decimals: 0), says: separator.other)
        }
        // Thousands grouped by spaces or the other character, then the decimals.
        return .number(value(decimals: after), says: separator)
    }
}
