/// Scores of a forecast against what happened, to compare models on the same days. Forecasts
/// and actuals are units/day, day by day. Every score is nil rather than NaN or infinite: for
/// empty or mismatched input, and for non-finite values.
package enum ForecastMetrics {
    /// Mean absolute error, units/day.
    package static func mae(_ forecast: [Double], _ actual: [Double]) -> Double? {
        mean(of: forecast, actual) { abs($0 - $1) }
    }

    /// Root mean squared error, units/day: like MAE but weighs large misses more.
    package static func rmse(_ forecast: [Double], _ actual: [Double]) -> Double? {
        mean(of: forecast, actual) { ($0 - $1) * ($0 - $1) }.map { $0.squareRoot() }
    }

    /// Mean error forecast − actual, units/day (positive: forecasts too high).
    package static func bias(_ forecast: [Double], _ actual: [Double]) -> Double? {
        mean(of: forecast, actual) { $0 - $1 }
    }

    /// Mean absolute scaled error: MAE / `SeasonalNaive.scale(history, season:)`, a fraction
    /// (below 1: better than the seasonal naive was in sample).
    package static func mase(_ forecast: [Double], _ actual: [Double], history: [Double], season: Int = 7) -> Double? {
        guard let error = mae(forecast, actual), let scale = SeasonalNaive.scale(history, season: season) else { return nil }
        return finite(error / scale)
    }

    /// Fraction (0…1) of the days whose actual lies within [lower, upper], bounds included.
    /// A NaN on a day counts as outside. nil for empty or mismatched input.
    package static func coverage(actual: [Double], lower: [Double], upper: [Double]) -> Double? {
        guard !actual.isEmpty, actual.count == lower.count, actual.count == upper.count else { return nil }
        let inside = actual.indices.filter { lower[$0] <= actual[$0] && actual[$0] <= upper[$0] }.count
        return Double(inside) / Double(actual.count)
    }

    /// Population standard deviation of `values` (divides by n), in their unit: the spread of
    /// a forecast.
    package static func spread(_ values: [Double]) -> Double? {
        guard !values.isEmpty, let mean = finite(values.reduce(0, +) / Double(values.count)) else { return nil }
        return finite((values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot())
    }

    /// The `p` quantile (p a fraction in [0, 1]) of `values`, interpolating linearly between
    /// order statistics at index p·(n − 1): numpy's default "linear" method. For interval
    /// widths from residuals. nil for empty or non-finite input or p outside [0, 1].
    package static func empiricalQuantile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty, (0...1).contains(p), values.allSatisfy(\.isFinite) else { return nil }
        let sorted = values.sorted()
        let index = p * Double(sorted.count - 1)
        let below = Int(index.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        let (a, b, w) = (sorted[below], sorted[above], index - Double(below))
        // numpy's lerp: from the nearer end, so that w = 1 gives b exactly.
        return finite(w < 0.5 ? a + (b - a) * w : b - (b - a) * (1 - w))
    }

    /// The mean of `term` over paired days; nil for empty, mismatched or non-finite.
    private static func mean(of forecast: [Double], _ actual: [Double], _ term: (Double, Double) -> Double) -> Double? {
        guard !forecast.isEmpty, forecast.count == actual.count else { return nil }
        return finite(zip(forecast, actual).reduce(0) { $0 + term($1.0, $1.1) } / Double(forecast.count))
    }

    private static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
}
