import StockcastCore

/// An ambiguous quantity remembered for its message (`1.234`: 1234 or 1.234).
struct AmbiguousField {
    var line: Int
    var column: String?
    var text: String
    /// Its digits as a whole number, without sign.
    var grouped: Double
}

// Quantities: read in the file's decimal convention and added to the sums, within the ceiling.
//
// The decimal separator of a file is the configured one; else the one its numbers show (`2,5`,
// `1.234,50` or `1.234.567` show `,`; `2.5`, `1,234.50` or `1,234,567` show `.`), and a number
// showing the other one rejects the file; else its delimiter's (`;` → `,`, `,` → `.`). Until
// it is known, ambiguous numbers (`1.234`) are summed per cell as whole numbers, apart
// (`CellTable.pending`), and read when it is; if nothing decides, the file is rejected.
extension RecordParser {
    /// Reads the quantity `span` of a row and adds it to `cell`: to its sales or returns, or for
    /// a signed quantity to sales when positive and to returns when negative.
    @inline(__always)
    mutating func addQuantity(
        _ p: UnsafePointer<UInt8>, _ span: FieldSpan, role: Role, cell: Int, product: Int32, day: Day,
        line: Int
    ) throws(IngestError) {
        if span.escaped {
            let bytes = Self.unescape(p, span)
            try bytes.withUnsafeBufferPointer { (b) throws(IngestError) in
                try addQuantity(b.baseAddress ?? p, 0, b.count, role: role, cell: cell, product: product, day: day, line: line)
            }
            return
        }
        try addQuantity(p, span.start, span.end, role: role, cell: cell, product: product, day: day, line: line)
    }

    @inline(__always)
    mutating func addQuantity(
        _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, role: Role, cell: Int, product: Int32, day: Day,
        line: Int
    ) throws(IngestError) {
        let (s, e) = Self.trim(p, start, end)
        switch QuantityText.read(p, s, e) {
        case .number(let value, let says):
            if let says { try observe(says, p, s, e, role: role, line: line) }
            try add(value, p, s, e, role: role, cell: cell, product: product, day: day, line: line)
        case .ambiguous(let grouped, let separator):
            sawSeparator = true
            if let convention {
                try add(convention == separator ? grouped / 1000 : grouped, p, s, e, role: role, cell: cell, product: product, day: day, line: line)
            } else {
                try hold(grouped, separator: separator, p, s, e, role: role, cell: cell, line: line)
            }
        case .malformed:
            throw notANumber(p, s, e, role: role, line: line)
        }
    }

    /// Adds one read quantity, after checking its sign and size and the day's total.
    @inline(__always)
    mutating func add(
        _ value: Double, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, role: Role, cell: Int, product: Int32, day: Day,
        line: Int
    ) throws(IngestError) {
        guard value.isFinite else {
            throw IngestError(file: name, line: line, column: columnName(of: role), reason: "\(Self.shown(p, s, e)) is too large to be a quantity")
        }
        if value < 0 && role != .quantity {
            throw IngestError(file: name, line: line, column: columnName(of: role), reason: "\(Self.shown(p, s, e)) is negative; quantities must be 0 or more")
        }
        if let maxQuantity, !(abs(value) <= maxQuantity) {
            throw overCeiling(Self.shown(p, s, e), line: line, column: columnName(of: role))
        }
        let toReturns = role == .returns || (role == .quantity && value < 0)
        if role == .quantity && value == 0 { return }
        let total = toReturns ? cells.add(returns: abs(value), to: cell) : cells.add(sales: value, to: cell)
        guard total <= maxQuantity ?? .greatestFiniteMagnitude else {
            throw dailyTotal(total, returns: toReturns, product: Int(product), day: day, line: line, column: columnName(of: role))
        }
    }

    /// What a number's separators say about the file's decimal separator: the first decides
    /// (and the ambiguous numbers before it are read); any later one must agree.
    mutating func observe(_ says: DecimalSeparator, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, role: Role, line: Int) throws(IngestError) {
        sawSeparator = true
        if let convention {
            guard says != convention else { return }
            throw IngestError(
                file: name, line: line, column: columnName(of: role),
                reason:
                    "\"\(Self.shown(p, s, e))\" is written with \(says.quoted) as the decimal separator, but \(conventionSource); write all the numbers of a file with one decimal separator"
            )
        }
        convention = says
        conventionSource = "line \(line) is written with \(says.quoted) (\"\(Self.shown(p, s, e))\")"
        try resolvePending()
    }

    /// Keeps an ambiguous quantity apart until the file's decimal separator is known.
    mutating func hold(
        _ grouped: Double, separator: DecimalSeparator, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, role: Role, cell: Int,
        line: Int
    ) throws(IngestError) {
        if grouped < 0 && role != .quantity {
            throw IngestError(file: name, line: line, column: columnName(of: role), reason: "\(Self.shown(p, s, e)) is negative; quantities must be 0 or more")
        }
        let magnitude = abs(grouped)
        cells.addPending(magnitude, separator: separator, returns: role == .returns || grouped < 0, to: cell)
        if firstAmbiguous[separator.index] == nil {
            firstAmbiguous[separator.index] = AmbiguousField(line: line, column: columnName(of: role), text: Self.shown(p, s, e), grouped: magnitude)
        }
        if let maxQuantity, magnitude > maxQuantity, magnitude > largestAmbiguous[separator.index]?.grouped ?? 0 {
            largestAmbiguous[separator.index] = AmbiguousField(line: line, column: columnName(of: role), text: Self.shown(p, s, e), grouped: magnitude)
        }
    }

    /// Reads the ambiguous quantities held so far in the decided convention, checking the
    /// ceiling of a row and of a day.
    mutating func resolvePending() throws(IngestError) {
        guard let convention, !cells.pending.isEmpty else { return }
        if let maxQuantity {
            for separator in DecimalSeparator.allCases {
                guard let largest = largestAmbiguous[separator.index] else { continue }
                let reading = separator == convention ? largest.grouped / 1000 : largest.grouped
                if reading > maxQuantity { throw overCeiling(largest.text, line: largest.line, column: largest.column) }
            }
        }
        let ceiling = maxQuantity ?? .greatestFiniteMagnitude
        let measureColumn = header?.signedQuantity == true ? columnName(of: .quantity) : nil
        for cell in cells.resolvePending(decimal: convention) {
            let (product, day) = cells.place(ofCell: cell)
            if !(cells.sales[cell] <= ceiling) {
                throw dailyTotal(cells.sales[cell], returns: false, product: product, day: day, line: nil, column: measureColumn ?? columnName(of: .sales))
            }
            if !(cells.returns[cell] <= ceiling) {
                throw dailyTotal(cells.returns[cell], returns: true, product: product, day: day, line: nil, column: measureColumn ?? columnName(of: .returns))
            }
        }
        firstAmbiguous = [nil, nil]
        largestAmbiguous = [nil, nil]
    }

    /// At the end of the file: ambiguous quantities still held are read in the delimiter's
    /// convention (`;` → decimal comma, `,` → decimal point); with a tab or `|` the file is
    /// rejected at the first of them.
    mutating func resolveAtEnd() throws(IngestError) {
        guard convention == nil, !cells.pending.isEmpty else { return }
        switch delimiter {
        case UInt8(ascii: ";"): convention = .comma
        case UInt8(ascii: ","): convention = .point
        default:
            let separator =
                DecimalSeparator.allCases.filter { firstAmbiguous[$0.index] != nil }
                .min { (firstAmbiguous[$0.index]?.line ?? 0) < (firstAmbiguous[$1.index]?.line ?? 0) } ?? .point
            let field = firstAmbiguous[separator.index] ?? AmbiguousField(line: line, column: nil, text: "", grouped: 0)
            throw IngestError(
                file: name, line: field.line, column: field.column,
                reason:
                    "\"\(field.text)\" could be \(Self.number(field.grouped)) (\(separator.quoted) grouping thousands) or \(Self.number(field.grouped / 1000)) (\(separator.quoted) separating decimals), and nothing in this \(separatedName) file says which; write it without thousands separators or with its decimals (1234, 1.234,00 or 1,234.00), or set decimalSeparator in the configuration"
            )
        }
        conventionSource = "the file is \(separatedName)"
        try resolvePending()
    }

    // MARK: - Messages

    /// A number for a message: whole numbers without a fraction.
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
    }

    func overCeiling(_ text: String, line: Int, column: String?) -> IngestError {
        IngestError(
            file: name, line: line, column: column,
            reason:
                "\(text) is more than \(Self.number(maxQuantity ?? 0)) units, the most one row may carry: a mistyped or placeholder number? Correct it in the export (larger quantities need maxQuantity in the configuration)"
        )
    }

    func dailyTotal(_ total: Double, returns: Bool, product: Int, day: Day, line: Int?, column: String?) -> IngestError {
        let what = returns ? "returns" : "sales"
        guard let maxQuantity, total.isFinite else {
            return IngestError(
                file: name, line: line, column: column,
                reason: "the day's total of \(what) for \"\(products.name(product))\" on \(day) is too large to represent")
        }
        return IngestError(
            file: name, line: line, column: column,
            reason:
                "the \(what) of \"\(products.name(product))\" on \(day) add up to \(Self.number(total)) units\(line == nil ? "" : " with this row"), more than \(Self.number(maxQuantity)), the most one product may have on one day: a mistyped number, or an export that repeats its rows? (larger quantities need maxQuantity in the configuration)"
        )
    }

    func notANumber(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, role: Role, line: Int) -> IngestError {
        if s == e {
            let hint: String
            switch role {
            case .sales: hint = "write 0 when nothing was sold"
            case .returns: hint = "write 0 when nothing was returned"
            default: hint = "write the quantity (negative for returns, 0 for none)"
            }
            return IngestError(file: name, line: line, column: columnName(of: role), reason: "is empty; \(hint)")
        }
        return IngestError(
            file: name, line: line, column: columnName(of: role),
            reason:
                "\"\(Self.shown(p, s, e))\" is not a number (write digits with at most one decimal separator, thousands grouped or not, such as 12, 2.5, 2,5, 1234 or 1.234,50, without units)"
        )
    }
}
