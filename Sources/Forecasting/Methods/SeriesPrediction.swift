import StockcastCore

/// A forecast of one series with the standard deviation of its error on each day, units/day,
/// and, when calibrated, its 80 % and 95 % prediction intervals.
package struct SeriesPrediction: Sendable, Equatable {
    /// The method that made it.
    package var method: ForecastMethod
    /// One forecast per day from the day after the history, never negative.
    package var values: [Double]
    /// Standard deviation of the forecast error per day (how far the actual tends to fall from
    /// the forecast), from the method's own out-of-sample errors.
    package var sd: [Double]
    /// Calibrated prediction intervals (`IntervalCalibration`), same days as `values`; nil: the
    /// normal intervals of `sd`.
    package var bounds: PredictionBounds?
    /// How to recompute `values` and `bounds` from figures alone; nil for a forecast read back
    /// from the store or made by a fallback of last resort.
    package var recipe: ForecastRecipe?

    package init(method: ForecastMethod, values: [Double], sd: [Double], bounds: PredictionBounds? = nil, recipe: ForecastRecipe? = nil) {
        self.method = method
        self.values = values
        self.sd = sd
        self.bounds = bounds
        self.recipe = recipe
    }

    /// The central prediction interval holding `coverage` (a fraction, 0.8 for 80 %) of the
    /// outcomes: the calibrated bounds for 0.8 and 0.95 when there are any, otherwise
    /// `NormalDistribution.interval` per day (errors taken as normal).
    package func interval(_ coverage: Double) -> (lower: [Double], upper: [Double]) {
        if let bounds, coverage == 0.8 { return (bounds.lower80, bounds.upper80) }
        if let bounds, coverage == 0.95 { return (bounds.lower95, bounds.upper95) }
        let z = NormalDistribution.z(coverage: coverage)
        let days = zip(values, sd).map { NormalDistribution.interval(mean: $0, sd: $1, z: z) }
        return (days.map(\.lower), days.map(\.upper))
    }

    /// Day `day`'s 80 % and 95 % intervals of sales then returns (lower 80, upper 80, lower 95,
    /// upper 95 of each, as `interval(_:)` gives them): calibrated or normal, whichever each has.
    /// nil when a prediction has no such day.
    package static func intervals(sales: SeriesPrediction, returns: SeriesPrediction, day: Int) -> [Double]? {
        guard sales.bounds != nil || returns.bounds != nil else { return nil }
        var out: [Double] = []
        for p in [sales, returns] {
            guard day < p.values.count else { return nil }
            let i80 = p.interval(0.8), i95 = p.interval(0.95)
            out += [i80.lower[day], i80.upper[day], i95.lower[day], i95.upper[day]]
        }
        return out
    }

    /// True when every forecast, error sd and bound is a finite number of units, 0 or more:
    /// what a method must give to serve (extreme histories can overflow a method's arithmetic).
    package var isUsable: Bool {
        func usable(_ v: [Double]) -> Bool { v.allSatisfy { $0.isFinite && $0 >= 0 } }
        guard usable(values), usable(sd) else { return false }
        guard let bounds else { return true }
        return usable(bounds.lower80) && usable(bounds.upper80) && usable(bounds.lower95) && usable(bounds.upper95)
    }

    /// The first `days` days.
    package func prefix(_ days: Int) -> SeriesPrediction {
        SeriesPrediction(
            method: method, values: Array(values.prefix(days)), sd: Array(sd.prefix(days)),
            bounds: bounds?.prefix(days), recipe: recipe)
    }
}

/// The 80 % and 95 % prediction intervals of a forecast, units/day, one per day: never
/// negative, lower ≤ forecast ≤ upper.
package struct PredictionBounds: Sendable, Equatable {
    package var lower80: [Double]
    package var upper80: [Double]
    package var lower95: [Double]
    package var upper95: [Double]

    package init(lower80: [Double], upper80: [Double], lower95: [Double], upper95: [Double]) {
        self.lower80 = lower80
        self.upper80 = upper80
        self.lower95 = lower95
        self.upper95 = upper95
    }

    /// The bounds of each day as [lower 80, upper 80, lower 95, upper 95].
    package var days: [[Double]] {
        lower80.indices.map { [lower80[$0], upper80[$0], lower95[$0], upper95[$0]] }
    }

    /// Bounds from [lower 80, upper 80, lower 95, upper 95] per day; nil when a day has not four.
    package init?(days: [[Double]]) {
        guard days.allSatisfy({ $0.count == 4 }) else { return nil }
        self.init(lower80: days.map { $0[0] }, upper80: days.map { $0[1] }, lower95: days.map { $0[2] }, upper95: days.map { $0[3] })
    }

    func prefix(_ days: Int) -> PredictionBounds {
        PredictionBounds(
            lower80: Array(lower80.prefix(days)), upper80: Array(upper80.prefix(days)),
            lower95: Array(lower95.prefix(days)), upper95: Array(upper95.prefix(days)))
    }
}
