import StockcastCore

/// What a forecast of one series is made from: its history and, for returns, the product's
/// sales on the same days (returns are forecast from them).
package struct SeriesContext: Sendable, Equatable {
    package var series: SeriesKind
    /// First day of `values`.
    package var start: Day
    /// One value per day, units/day, oldest first.
    package var values: [Double]
    /// The product's sales on the same days as `values`, units/day (returns only; nil when unknown).
    package var sales: [Double]?

    package init(series: SeriesKind, start: Day, values: [Double], sales: [Double]? = nil) {
        self.series = series
        self.start = start
        self.values = values
        self.sales = sales.flatMap { $0.count == values.count ? $0 : nil }
    }

    /// The context of one series of `history`.
    package init(_ history: ProductHistory, _ series: SeriesKind) {
        self.init(
            series: series, start: history.start, values: history.values(series),
            sales: series == .returns ? history.sales : nil)
    }

    /// The first `days` days: what was known before day `days`.
    package func prefix(_ days: Int) -> SeriesContext {
        SeriesContext(series: series, start: start, values: Array(values.prefix(days)), sales: sales.map { Array($0.prefix(days)) })
    }

    /// Days of history.
    package var count: Int { values.count }
}
