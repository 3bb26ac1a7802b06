import Foundation
import StockcastCore

/// Weekdays on which a series has been zero throughout its last year — a shop closed on
/// Saturdays — are forecast as zero, by every method (the LSTM included).
///
/// A weekday counts as closed when, among the last `days` days of the history, it occurs at
/// least `minimumWeeks` times, every occurrence is 0, and that is unlikely to be chance: with
/// p the fraction of zero days on the other weekdays of the same days, p^n < `chance` (n the
/// occurrences). A sparse series, zero on most days anyway, therefore has no closed days, and a
/// weekday with a single non-zero day in the year is open. When the data change (a closed
/// weekday sells again) it opens with that day.
package enum ClosedDays {
    /// Days of history looked at (52 weeks).
    package static let days = 364
    /// Fewest occurrences of a weekday before it can count as closed.
    package static let minimumWeeks = 4
    /// The largest probability of all-zero occurrences by chance at which a weekday counts as closed.
    package static let chance = 0.001

    /// The closed ISO weekdays (1 = Monday … 7 = Sunday) of `history`, which starts on `start`.
    package static func weekdays(history: [Double], start: Day) -> Set<Int> {
        var zeros = [Int](repeating: 0, count: 7), counts = zeros
        for i in max(0, history.count - days)..<history.count {
            let w = start.advanced(by: i).weekday - 1
            counts[w] += 1
            if history[i] == 0 { zeros[w] += 1 }
        }
        var closed = Set<Int>()
        for w in 0..<7 where counts[w] >= minimumWeeks && zeros[w] == counts[w] {
            let otherDays = counts.reduce(0, +) - counts[w]
            let otherZeros = zeros.reduce(0, +) - zeros[w]
            guard otherDays > 0, otherZeros < otherDays else { continue }
            let p = Double(otherZeros) / Double(otherDays)
            if pow(p, Double(counts[w])) < chance { closed.insert(w + 1) }
        }
        return closed
    }

    /// `forecast` (units/day for the days after `history`, which starts on `start`) with the
    /// closed weekdays at 0. A forecast that knows no weekdays (`weekdayAware` false: a flat
    /// rate over all days, closed ones included) is raised on the open days by 7 ÷ (open
    /// weekdays), so that a week's total stays what the method forecast.
    package static func apply(_ forecast: [Double], history: [Double], start: Day, weekdayAware: Bool) -> [Double] {
        apply(
            forecast, closed: weekdays(history: history, start: start), first: start.advanced(by: history.count),
            weekdayAware: weekdayAware)
    }

    /// `forecast` from day `first` on with the `closed` ISO weekdays at 0 (see the other `apply`).
    package static func apply(_ forecast: [Double], closed: Set<Int>, first: Day, weekdayAware: Bool) -> [Double] {
        guard !closed.isEmpty, closed.count < 7 else { return forecast }
        let factor = weekdayAware ? 1 : 7 / Double(7 - closed.count)
        return forecast.enumerated().map { h, v in closed.contains(first.advanced(by: h).weekday) ? 0 : v * factor }
    }

    /// `prediction` (from day `first` on) with its values, error sds and bounds 0 on the `closed`
    /// ISO weekdays: nothing is sold on a day the shop is closed, with certainty.
    package static func zero(_ prediction: SeriesPrediction, closed: Set<Int>, first: Day) -> SeriesPrediction {
        guard !closed.isEmpty else { return prediction }
        var p = prediction
        func clear(_ v: inout [Double]) {
            for h in v.indices where closed.contains(first.advanced(by: h).weekday) { v[h] = 0 }
        }
        clear(&p.values)
        clear(&p.sd)
        if var b = p.bounds {
            clear(&b.lower80)
            clear(&b.upper80)
            clear(&b.lower95)
            clear(&b.upper95)
            p.bounds = b
        }
        return p
    }
}
