/// The ways Stockcast forecasts a series. Every method but the LSTM is fitted to the history at
/// forecast time; which one serves a series is chosen on rolling validation origins
/// (`MethodSelection`).
package enum ForecastMethod: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The product's LSTM for the series.
    case lstm
    /// The ETS family with a weekly season, the model of least AICc (`AutoETS`).
    case autoETS = "auto_ets"
    /// Additive Holt–Winters with a weekly season (served by model files written before AutoETS).
    case holtWinters = "holt_winters"
    /// Each day repeats the same weekday of the last week: the yardstick (MASE's scale).
    case seasonalNaive = "seasonal_naive"
    /// A recent level times a weekday profile over a year (`SeasonalMean`): the robust fallback.
    case seasonalMean = "seasonal_mean"
    /// Croston's method with the Syntetos–Boylan approximation (intermittent demand).
    case crostonSBA = "croston_sba"
    /// Teunter–Syntetos–Babai (intermittent demand).
    case tsb
    /// Aggregate–disaggregate intermittent demand approach.
    case adida
    /// Intermittent multiple aggregation prediction algorithm.
    case imapa
    /// Returns as a learnt rate times a delay distribution of earlier sales (returns only).
    case returnsFromSales = "returns_from_sales"
    /// The validation-weighted mean of the best few other candidates.
    case combination

    package var description: String { rawValue }

    /// Whether the method's forecast follows the weekdays (the others forecast a flat rate).
    package var isWeekdayAware: Bool {
        switch self {
        case .crostonSBA, .tsb, .adida, .imapa: false
        default: true
        }
    }
}
