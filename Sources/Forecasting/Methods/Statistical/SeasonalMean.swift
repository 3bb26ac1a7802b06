import StockcastCore

/// The robust seasonal method: a recent level times a weekday profile taken over many weeks.
/// Unlike seasonal naive it does not copy one week verbatim — an all-zero week does not make an
/// all-zero forecast, and a one-off spike is not repeated every week — and it is what serves a
/// series too short to choose a method for.
///
/// Day d after the history is forecast as `level × profile[weekday(d)]`:
/// - level: the mean of the last `levelDays` days, lengthened a week at a time (up to
///   `profileDays`) until they hold `levelDemandDays` non-zero days, so that a sparse series
///   is not levelled on a handful of sales; all there are when fewer; units/day;
/// - profile[w]: the mean of weekday w over the last `profileDays` days ÷ the mean of the seven
///   weekday means; all 1 when a weekday has no day there or the mean is 0.
package enum SeasonalMean {
    /// Days averaged for the level at least (four weeks).
    package static let levelDays = 28
    /// Non-zero days the level's days must hold (when the history has them).
    package static let levelDemandDays = 8
    /// Days of the weekday profile (52 weeks).
    package static let profileDays = 364

    /// The forecast of the `horizon` days after `history` (which starts on `start`), units/day,
    /// never negative; all 0 without history.
    package static func forecast(history: [Double], start: Day, horizon: Int) -> [Double] {
        guard horizon > 0 else { return [] }
        guard !history.isEmpty else { return [Double](repeating: 0, count: horizon) }
        let level = max(0, Self.level(history))
        let weights = profile(history: history, start: start)
        let first = start.advanced(by: history.count)
        return (0..<horizon).map { level * weights[first.advanced(by: $0).weekday - 1] }
    }

    /// The level of `history` (see the type), units/day.
    package static func level(_ history: [Double]) -> Double {
        var days = min(levelDays, history.count)
        while days < min(profileDays, history.count), history.suffix(days).filter({ $0 > 0 }).count < levelDemandDays {
            days = min(days + 7, history.count)
        }
        let recent = history.suffix(days)
        return recent.isEmpty ? 0 : recent.reduce(0, +) / Double(recent.count)
    }

    /// The weekday profile of the last `days` days of `history` (from `start`), by ISO weekday − 1:
    /// each weekday's mean ÷ the mean of the seven means; all 1 when one has no day or the mean is 0.
    package static func profile(history: [Double], start: Day, days: Int = profileDays) -> [Double] {
        var sums = [Double](repeating: 0, count: 7), counts = sums
        for i in max(0, history.count - days)..<history.count {
            let w = start.advanced(by: i).weekday - 1
            sums[w] += history[i]
            counts[w] += 1
        }
        guard counts.allSatisfy({ $0 > 0 }) else { return [Double](repeating: 1, count: 7) }
        let means = (0..<7).map { sums[$0] / counts[$0] }
        let overall = means.reduce(0, +) / 7
        return overall > 0 ? means.map { max(0, $0 / overall) } : [Double](repeating: 1, count: 7)
    }
}
