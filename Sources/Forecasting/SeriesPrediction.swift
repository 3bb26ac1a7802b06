import StockcastCore

/// The ways Stockcast forecasts a series.
public enum ForecastMethod: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The product's LSTM for the series.
    case lstm
    /// Additive Holt–Winters with a weekly season, fitted to the whole history at forecast time.
    case holtWinters = "holt_winters"
    /// Each day repeats the same weekday of the last week.
    case seasonalNaive = "seasonal_naive"

    public var description: String { rawValue }
}

/// A forecast of one series with the standard deviation of its error on each day, units/day.
public struct SeriesPrediction: Sendable, Equatable {
    /// The method that made it.
    public var method: ForecastMethod
    /// One forecast per day from the day after the history, never negative.
    public var values: [Double]
    /// Standard deviation of the forecast error per day (how far the actual tends to fall from
    /// the forecast), from the method's own out-of-sample errors.
    public var sd: [Double]

    public init(method: ForecastMethod, values: [Double], sd: [Double]) {
        self.method = method
        self.values = values
        self.sd = sd
    }

    /// The central prediction interval holding `coverage` (a fraction, 0.8 for 80 %) of the
    /// outcomes if errors are normal (`NormalDistribution.interval` per day).
    public func interval(_ coverage: Double) -> (lower: [Double], upper: [Double]) {
        let z = NormalDistribution.z(coverage: coverage)
        let days = zip(values, sd).map { NormalDistribution.interval(mean: $0, sd: $1, z: z) }
        return (days.map(\.lower), days.map(\.upper))
    }

    /// The first `days` days.
    public func prefix(_ days: Int) -> SeriesPrediction {
        SeriesPrediction(method: method, values: Array(values.prefix(days)), sd: Array(sd.prefix(days)))
    }
}

/// The statistical baselines with their error deviations.
public enum Baselines {
    /// Days of history Holt–Winters needs before it is used (four weeks: two to initialise,
    /// two to fit on); with fewer a series is forecast seasonal-naively.
    public static let holtWintersMinimumDays = 28

    /// Additive Holt–Winters fitted to `history`; nil with fewer than
    /// `holtWintersMinimumDays` days. Error deviation of day h: the one-step residual sd times
    /// `√(1 + Σ_{j<h} (α(1 + jβ) + (1 − α)γ·[j mod 7 = 0])²)`, the ETS(A,A,A) variance (Hyndman &
    /// Athanasopoulos) with this parametrisation's β = β*/α and γ = γ*/(1 − α).
    public static func holtWinters(history: [Double], horizon: Int) -> SeriesPrediction? {
        guard history.count >= holtWintersMinimumDays, horizon > 0, let fit = HoltWinters.fit(history) else { return nil }
        var sd: [Double] = []
        var sum = 1.0
        for h in 1...horizon {
            if h > 1 {
                let j = Double(h - 1)
                let c = fit.alpha * (1 + j * fit.beta) + ((h - 1) % fit.season == 0 ? (1 - fit.alpha) * fit.gamma : 0)
                sum += c * c
            }
            sd.append(fit.residualSD * sum.squareRoot())
        }
        return SeriesPrediction(method: .holtWinters, values: fit.forecast(horizon: horizon).map { max(0, $0) }, sd: sd)
    }

    /// The weekly seasonal-naive forecast. Error deviation of day h: the sd of the history's
    /// week-on-week differences times √k, k the number of weeks day h lies ahead (0 without
    /// two weeks of history).
    public static func seasonalNaive(history: [Double], horizon: Int, season: Int = 7) -> SeriesPrediction {
        let values = SeriesForecast.seasonalNaive(history: history, horizon: horizon, season: season)
        var base = 0.0
        if history.count > season {
            let d = (season..<history.count).map { history[$0] - history[$0 - season] }
            base = (d.reduce(0) { $0 + $1 * $1 } / Double(d.count)).squareRoot()
        }
        let sd = (0..<max(horizon, 0)).map { base * Double($0 / season + 1).squareRoot() }
        return SeriesPrediction(method: .seasonalNaive, values: values, sd: sd)
    }
}
