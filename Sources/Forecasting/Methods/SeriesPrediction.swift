import StockcastCore

/// A forecast of one series with the standard deviation of its error on each day, units/day.
package struct SeriesPrediction: Sendable, Equatable {
    /// The method that made it.
    package var method: ForecastMethod
    /// One forecast per day from the day after the history, never negative.
    package var values: [Double]
    /// Standard deviation of the forecast error per day (how far the actual tends to fall from
    /// the forecast), from the method's own out-of-sample errors.
    package var sd: [Double]

    package init(method: ForecastMethod, values: [Double], sd: [Double]) {
        self.method = method
        self.values = values
        self.sd = sd
    }

    /// The central prediction interval holding `coverage` (a fraction, 0.8 for 80 %) of the
    /// outcomes if errors are normal (`NormalDistribution.interval` per day).
    package func interval(_ coverage: Double) -> (lower: [Double], upper: [Double]) {
        let z = NormalDistribution.z(coverage: coverage)
        let days = zip(values, sd).map { NormalDistribution.interval(mean: $0, sd: $1, z: z) }
        return (days.map(\.lower), days.map(\.upper))
    }

    /// True when every forecast and error sd is a finite number of units, 0 or more: what a
    /// method must give to serve (extreme histories can overflow a method's arithmetic).
    package var isUsable: Bool {
        values.allSatisfy { $0.isFinite && $0 >= 0 } && sd.allSatisfy { $0.isFinite && $0 >= 0 }
    }

    /// The first `days` days.
    package func prefix(_ days: Int) -> SeriesPrediction {
        SeriesPrediction(method: method, values: Array(values.prefix(days)), sd: Array(sd.prefix(days)))
    }
}
