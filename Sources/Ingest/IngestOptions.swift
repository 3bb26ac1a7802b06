import StockcastCore

/// How to read input files beyond what the file itself says (its delimiter, quoting and
/// header are detected).
package struct IngestOptions: Sendable, Equatable {
    /// Extra date format from the configuration (`date_format`), e.g. "MM/dd/yyyy" or "yyyyMMdd":
    /// tokens yyyy, MM, dd (M, d = 1–2 digits) and literal characters. Tried after ISO and day-first.
    /// Other letters are refused (a time after the date is dropped without being described here).
    package var dateFormat: String?
    /// Days before this one are refused as implausible: placeholder dates (1900-01-01,
    /// 1970-01-01, 0001-01-01) and mistyped years, which would otherwise stretch a product's
    /// history over decades or centuries of zeros. nil: any day of the calendar.
    package var earliestDay: Day?
    /// Days after this one are refused as implausible: mistyped years (2204, 9999), which would
    /// otherwise stretch a history over centuries of zeros (the daemon sets it ten years after
    /// today for each file, room for test and synthetic data). nil: any day of the calendar.
    package var latestDay: Day?
    /// The most distinct product ids a file may hold; the row that brings one more is refused,
    /// so that reading a runaway export stops early. nil: no limit.
    package var maxProducts: Int?
    /// The most units one row may carry (its absolute value; a signed quantity's returns too),
    /// and the most a product's sales or returns may sum to on one day: a file with more is
    /// rejected as implausible, naming the line and column. nil: any finite number.
    package var maxQuantity: Double?
    /// The decimal separator of every file (`decimalSeparator` in the configuration); nil: each
    /// file's own numbers say, else its delimiter (`;` → `,`, `,` → `.`).
    package var decimalSeparator: DecimalSeparator?

    /// The default ceiling of a quantity: 10⁹ units per row and per product-day.
    package static let defaultMaxQuantity = 1e9
    /// The highest ceiling that can be configured: 10¹⁵ units (whole numbers are exact in a
    /// double up to 2⁵³ ≈ 9·10¹⁵).
    package static let largestMaxQuantity = 1e15

    /// The earliest day accepted by default: 1990-01-01.
    package static let defaultEarliestDay = Day(daysSince1970: 7305)

    package init(
        dateFormat: String? = nil, earliestDay: Day? = IngestOptions.defaultEarliestDay, latestDay: Day? = nil,
        maxProducts: Int? = nil, maxQuantity: Double? = IngestOptions.defaultMaxQuantity, decimalSeparator: DecimalSeparator? = nil
    ) {
        self.dateFormat = dateFormat
        self.earliestDay = earliestDay
        self.latestDay = latestDay
        self.maxProducts = maxProducts
        self.maxQuantity = maxQuantity
        self.decimalSeparator = decimalSeparator
    }
}
