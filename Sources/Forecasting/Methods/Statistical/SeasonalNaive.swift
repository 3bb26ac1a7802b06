import StockcastCore

/// The weekly seasonal-naive method, the one place it is written: a day is forecast as the
/// latest known day a whole number of seasons (weeks) before it. It serves short series, is
/// the yardstick of the holdout evaluation and the backtests (MASE), and is what the live
/// accuracy compares the served forecasts with. Values are units/day; `season` is in days.
package enum SeasonalNaive {
    /// The season of every Stockcast series: a week, in days.
    package static let week = 7

    /// The index of the day whose value the forecast made after day `lastKnown` repeats for day
    /// `day` (indices into one series, `day` > `lastKnown`): `day` − season·⌈(day − lastKnown) / season⌉,
    /// the latest day up to `lastKnown` on the same weekday.
    static func source(of day: Int, lastKnown: Int, season: Int) -> Int {
        day - season * ((day - lastKnown + season - 1) / season)
    }

    /// What the forecast made after day `madeThrough` said for `day`, units/day, as the history
    /// (which starts on `start`) has it: the value of the latest day up to `madeThrough` on the
    /// same weekday, not clamped. Nil when `day` is not after `madeThrough` or that day is not
    /// in `history`. The live accuracy scores each stored forecast against this.
    package static func value(
        for day: Day, madeThrough: Day, history: [Double], start: Day,
        season: Int = week
    ) -> Double? {
        guard season >= 1, madeThrough.distance(to: day) >= 1 else { return nil }
        let index = source(of: start.distance(to: day), lastKnown: start.distance(to: madeThrough), season: season)
        return history.indices.contains(index) ? history[index] : nil
    }

    /// The forecast of the `horizon` days after `history`, never negative: each day repeats the
    /// same weekday of the last full season. With less than a season of history, the mean of
    /// what there is; with none, zero.
    package static func forecast(history: [Double], horizon: Int, season: Int = week) -> [Double] {
        guard horizon > 0 else { return [] }
        guard !history.isEmpty else { return [Double](repeating: 0, count: horizon) }
        guard history.count >= season else {
            return [Double](repeating: max(0, mean(history)), count: horizon)
        }
        let lastKnown = history.count - 1
        return (0..<horizon).map { h in max(0, history[source(of: history.count + h, lastKnown: lastKnown, season: season)]) }
    }

    /// `forecast` with its error deviation. Error deviation of day h: the root mean square of
    /// the history's one-step errors (`oneStepErrors`) times √k, k the number of seasons day h
    /// lies ahead (0 without a season and a day of history).
    package static func prediction(history: [Double], horizon: Int, season: Int = week) -> SeriesPrediction {
        let values = forecast(history: history, horizon: horizon, season: season)
        let errors = oneStepErrors(history, season: season)
        let base = rootMeanSquare(errors)
        // Capped at the largest double: total for any finite history.
        let sd = (0..<max(horizon, 0)).map { min(base * Double($0 / season + 1).squareRoot(), .greatestFiniteMagnitude) }
        return SeriesPrediction(method: .seasonalNaive, values: values, sd: sd)
    }

    /// The mean of `values` (not empty), finite for any finite values: when the plain sum
    /// overflows, the sum of each value divided by the count.
    static func mean(_ values: [Double]) -> Double {
        let n = Double(values.count)
        let plain = values.reduce(0, +) / n
        return plain.isFinite ? plain : values.reduce(0) { $0 + $1 / n }
    }

    /// √(mean of the squares) of `errors`, 0 for none; finite for any finite errors (when the
    /// squares overflow, computed relative to the largest magnitude).
    static func rootMeanSquare(_ errors: [Double]) -> Double {
        guard !errors.isEmpty else { return 0 }
        let n = Double(errors.count)
        let plain = (errors.reduce(0) { $0 + $1 * $1 } / n).squareRoot()
        if plain.isFinite { return plain }
        let largest = errors.reduce(0) { max($0, abs($1)) }
        guard largest > 0, largest.isFinite else { return 0 }
        return largest * (errors.reduce(0) { $0 + ($1 / largest) * ($1 / largest) } / n).squareRoot()
    }

    /// The in-sample MAE, units/day, of the one-step forecast y_t ≈ y_{t−season} over `history`
    /// (t = season ..< n): the MASE denominator. Nil when `history.count` ≤ `season`, `season` < 1,
    /// or the scale is 0 (an exactly periodic history) or not finite.
    package static func scale(_ history: [Double], season: Int = week) -> Double? {
        let errors = oneStepErrors(history, season: season)
        guard !errors.isEmpty else { return nil }
        let scale = errors.reduce(0) { $0 + abs($1) } / Double(errors.count)
        return scale.isFinite && scale > 0 ? scale : nil
    }

    /// The one-step errors in sample, y_t − y_{t−season} for t = season ..< n, units/day: the
    /// actual minus what the forecast made the day before said. Empty when `season` < 1 or the
    /// history holds no more than a season.
    static func oneStepErrors(_ history: [Double], season: Int) -> [Double] {
        guard season >= 1, history.count > season else { return [] }
        return (season..<history.count).map { history[$0] - history[source(of: $0, lastKnown: $0 - 1, season: season)] }
    }
}
