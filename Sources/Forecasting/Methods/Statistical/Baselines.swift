/// Holt–Winters as a baseline, with its error deviations (seasonal naive: `SeasonalNaive`).
package enum Baselines {
    /// Days of history Holt–Winters needs before it is used (four weeks: two to initialise,
    /// two to fit on); with fewer a series is forecast seasonal-naively.
    package static let holtWintersMinimumDays = 28

    /// Additive Holt–Winters fitted to `history`; nil with fewer than
    /// `holtWintersMinimumDays` days. Error deviation of day h: the one-step residual sd times
    /// `√(1 + Σ_{j<h} (α(1 + jβ) + (1 − α)γ·[j mod 7 = 0])²)`, the ETS(A,A,A) variance (Hyndman &
    /// Athanasopoulos) with this parametrisation's β = β*/α and γ = γ*/(1 − α).
    package static func holtWinters(history: [Double], horizon: Int) -> SeriesPrediction? {
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
}
