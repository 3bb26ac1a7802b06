/// The ways Stockcast forecasts a series.
package enum ForecastMethod: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The product's LSTM for the series.
    case lstm
    /// Additive Holt–Winters with a weekly season, fitted to the whole history at forecast time.
    case holtWinters = "holt_winters"
    /// Each day repeats the same weekday of the last week.
    case seasonalNaive = "seasonal_naive"

    package var description: String { rawValue }
}
