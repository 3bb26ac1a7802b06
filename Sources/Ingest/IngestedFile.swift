import StockcastCore

/// A file's content summed per product and day.
package struct IngestedFile: Sendable {
    /// What the file carries: [.sales], [.returns] or both (a signed quantity carries both).
    package var measures: Set<SeriesKind>
    /// Product id → day → sums, only for the days on which the product has at least one row.
    /// A measure the file does not carry stays 0 and must be ignored by the caller.
    package var totals: [String: [Day: DailyCell]]
    /// Data rows read (not counting the header and blank lines).
    package var rows: Int
    /// The detected dialect in words, for logs, e.g. "';'-separated, CRLF, BOM, day-first dates,
    /// signed quantity".
    package var dialect: String

    package init(measures: Set<SeriesKind>, totals: [String: [Day: DailyCell]], rows: Int, dialect: String) {
        self.measures = measures
        self.totals = totals
        self.rows = rows
        self.dialect = dialect
    }

    /// One history per product, dense from its first to its last day with zero for the days
    /// without rows, sorted by product id.
    package func histories() -> [ProductHistory] {
        var result: [ProductHistory] = []
        result.reserveCapacity(totals.count)
        for (product, days) in totals {
            let cells = days.lazy.map { (day: $0.key, sales: $0.value.sales, returns: $0.value.returns) }
            if let history = ProductHistory(product: product, cells: cells) { result.append(history) }
        }
        return result.sorted { $0.product < $1.product }
    }
}

extension IngestedFile {
    /// The days the file covers: its first to its last date (DESIGN.md: inside them a product
    /// without a row had zero); nil for a file without rows.
    package var coveredDays: ClosedRange<Day>? {
        var low: Day?, high: Day?
        for days in totals.values {
            for day in days.keys {
                if low == nil || day < low! { low = day }
                if high == nil || day > high! { high = day }
            }
        }
        guard let low, let high else { return nil }
        return low...high
    }
}
