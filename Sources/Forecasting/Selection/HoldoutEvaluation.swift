import Foundation

/// What the validation windows of a fresh training say: how far the LSTM's forecasts fall from
/// what happened on each forecast day (the width of its prediction intervals), and whether a
/// baseline does clearly better on the same origins (then the baseline serves the series).
struct HoldoutEvaluation: Sendable, Equatable {
    /// Per forecast day, the root mean square of (actual − forecast) / level over the
    /// validation windows, smoothed over a week of forecast days.
    var errorSD: [Double]
    /// Mean absolute error per method over the compared origins and their forecast days, units/day.
    var mae: [ForecastMethod: Double]
    /// Origins compared (every 7th validation origin, the newest included).
    var comparedOrigins: Int
    var served: ForecastMethod
    /// One sentence: the figures and the rule.
    var reason: String

    /// Evaluates `forecasts` (one row per origin of `origins`, made by the LSTM from the window
    /// before it, with that window's `levels`) against `values`. A baseline serves when its MAE
    /// is below `(1 − margin)` × the LSTM's.
    static func evaluate(
        values: [Double], forecasts: [[Double]], levels: [Double], origins: Range<Int>,
        margin: Double
    ) -> HoldoutEvaluation {
        let days = forecasts.first?.count ?? 0
        var squares = [Double](repeating: 0, count: days)
        for (i, (row, origin)) in zip(forecasts, origins).enumerated() {
            for h in 0..<days {
                let r = (values[origin + h] - row[h]) / levels[i]
                squares[h] += r * r
            }
        }
        let raw = squares.map { ($0 / Double(max(forecasts.count, 1))).squareRoot() }
        let errorSD = (0..<days).map { h -> Double in
            let window = raw[max(0, h - 3)...min(days - 1, h + 3)]
            return window.reduce(0, +) / Double(window.count)
        }

        var sums: [ForecastMethod: Double] = [:]
        var count = 0
        for origin in stride(from: origins.upperBound - 1, through: origins.lowerBound, by: -7) {
            let actual = Array(values[origin..<(origin + days)])
            let history = Array(values[..<origin])
            var rows: [ForecastMethod: [Double]] = [
                .lstm: forecasts[origin - origins.lowerBound],
                .seasonalNaive: SeasonalNaive.forecast(history: history, horizon: days),
            ]
            rows[.holtWinters] = Baselines.holtWinters(history: history, horizon: days)?.values
            for (method, row) in rows { sums[method, default: 0] += zip(row, actual).reduce(0) { $0 + abs($1.0 - $1.1) } }
            count += 1
        }
        let mae = sums.mapValues { $0 / Double(max(count * days, 1)) }
        let lstm = mae[.lstm] ?? .infinity
        let best = [ForecastMethod.holtWinters, .seasonalNaive].compactMap { m in mae[m].map { (m, $0) } }.min { $0.1 < $1.1 }
        var served = ForecastMethod.lstm
        if let best, best.1 < (1 - margin) * lstm { served = best.0 }
        func figure(_ m: ForecastMethod) -> String { mae[m].map { String(format: "%.2f", $0) } ?? "n/a" }
        let reason =
            "\(served) serves: MAE over \(count) validation origins × \(days) days: LSTM \(figure(.lstm)), Holt–Winters \(figure(.holtWinters)), seasonal naive \(figure(.seasonalNaive)); a baseline serves when at least \(Int((margin * 100).rounded())) % better"
        return HoldoutEvaluation(errorSD: errorSD, mae: mae, comparedOrigins: count, served: served, reason: reason)
    }
}
