import Foundation

/// Prediction intervals from a method's own errors at the validation origins (split conformal):
/// the empirical quantiles of (actual − forecast) ÷ scale, by band of forecast days. They are as
/// asymmetric as the errors are (counts near zero, skewed demand), and never below zero.
///
/// - scale (`scale(_:)`): the mean absolute week-on-week change over the last 364 days of the
///   history the forecast is made from (the mean of those days when that is 0), units/day: the
///   same rule at each validation origin and at forecast time, so that the quantiles carry over
///   to a series whose volume changed.
/// - bands: forecast days 1–7, 8–14, … (the last band runs to the validation horizon); when a
///   band would hold fewer than `minimumErrors` errors, one band pools every day.
/// - day h of a forecast with value f: lower = max(0, min(f, f + q_lo·scale·m)), upper =
///   max(f, f + q_hi·scale·m), with (q_lo, q_hi) = (q 0.10, q 0.90) for 80 % and (q 0.025,
///   q 0.975) for 95 % of h's band (the last band beyond the horizon) — except where at least
///   the interval's lower tail (10 %, 2.5 %) of the band's validation days were zero: a count's
///   point mass at zero, which no additive error quantile places. There the interval is
///   [0, f + q·scale·m] with q the 0.80 (0.95) quantile, which holds 80 % (95 %) of the
///   validation days as a whole. m = √⌈h ÷ horizon⌉
///   (1 within the validation horizon, √2 for the next horizon's days, …). The error sd behind
///   the service-level policy is the band's root mean square scaled error × scale × m.
/// Quantiles interpolate linearly between order statistics (numpy's default).
package struct IntervalCalibration: Sendable, Equatable, Codable {
    /// Forecast days per band.
    package static let bandDays = 7
    /// Fewest errors per band before the bands are kept apart.
    package static let minimumErrors = 60

    /// The scaled-error quantiles of one band of forecast days.
    package struct Band: Sendable, Equatable, Codable {
        /// First forecast day of the band (1-based).
        package var firstDay: Int
        package var q025: Double
        package var q10: Double
        package var q80: Double
        package var q90: Double
        package var q95: Double
        package var q975: Double
        /// Root mean square scaled error.
        package var rms: Double
        /// Fraction of the band's validation days whose actual was 0.
        package var zeroShare: Double
    }

    /// The bands, by first day.
    package var bands: [Band]
    /// Days forecast at each validation origin.
    package var horizon: Int
    /// Scaled errors the quantiles were taken from.
    package var errors: Int

    /// The calibration of `scaledErrors[h]` (the errors of forecast day h + 1 at each origin, ÷
    /// the scale at that origin) with `actuals[h]` the actual values of those days, units/day
    /// (same shape); nil without a finite error.
    package static func fit(scaledErrors: [[Double]], actuals: [[Double]]) -> IntervalCalibration? {
        let byDay = zip(scaledErrors, actuals).map { errors, values in
            zip(errors, values).filter { $0.0.isFinite }.map { (error: $0.0, zero: $0.1 == 0) }
        }
        let total = byDay.reduce(0) { $0 + $1.count }
        guard total > 0 else { return nil }
        let horizon = byDay.count
        var starts = Array(stride(from: 0, to: horizon, by: bandDays))
        if starts.count > 1, horizon - starts.last! < bandDays { starts.removeLast() }  // a short last band joins the one before
        let groups = starts.enumerated().map { i, s in
            Array(byDay[s..<(i + 1 < starts.count ? starts[i + 1] : horizon)].joined())
        }
        let pooled = groups.contains { $0.count < minimumErrors }
        let bands = (pooled ? [Array(byDay.joined())] : groups).enumerated().compactMap { i, days -> Band? in
            guard !days.isEmpty else { return nil }
            let errors = days.map(\.error)
            func q(_ p: Double) -> Double { ForecastMetrics.empiricalQuantile(errors, p) ?? 0 }
            let rms = (errors.reduce(0) { $0 + $1 * $1 } / Double(errors.count)).squareRoot()
            let zeroShare = Double(days.filter(\.zero).count) / Double(days.count)
            return Band(
                firstDay: pooled ? 1 : starts[i] + 1, q025: q(0.025), q10: q(0.10), q80: q(0.80), q90: q(0.90),
                q95: q(0.95), q975: q(0.975), rms: rms, zeroShare: zeroShare)
        }
        return bands.isEmpty ? nil : IntervalCalibration(bands: bands, horizon: horizon, errors: total)
    }

    /// Whether the calibration can be applied: bands with finite figures, a horizon of a day or
    /// more (a model file's calibration is checked with this before it is used).
    package var isValid: Bool {
        horizon >= 1 && !bands.isEmpty
            && bands.allSatisfy { b in
                [b.q025, b.q10, b.q80, b.q90, b.q95, b.q975, b.rms, b.zeroShare].allSatisfy(\.isFinite) && b.firstDay >= 1
            }
    }

    /// The scale of a history (units/day, see the type).
    package static func scale(_ history: [Double]) -> Double {
        let recent = Array(history.suffix(364 + SeasonalNaive.week))
        if let s = SeasonalNaive.scale(recent) { return s }
        return recent.isEmpty ? 0 : max(0, recent.reduce(0, +) / Double(recent.count))
    }

    /// `values` (forecast days 1, 2, … of `method`) with the calibrated intervals and error sds
    /// for a history of this `scale`.
    package func prediction(_ method: ForecastMethod, values: [Double], scale: Double) -> SeriesPrediction {
        guard let firstBand = bands.first, isValid else {
            return SeriesPrediction(method: method, values: values, sd: [Double](repeating: 0, count: values.count))
        }
        var sd: [Double] = [], bounds = PredictionBounds(lower80: [], upper80: [], lower95: [], upper95: [])
        for (i, f) in values.enumerated() {
            let day = i + 1
            let band = bands.last { $0.firstDay <= day } ?? firstBand
            let m = Double((day + horizon - 1) / max(horizon, 1)).squareRoot() * scale
            sd.append(band.rms * m)
            let zeros80 = band.zeroShare >= 0.10, zeros95 = band.zeroShare >= 0.025
            bounds.lower80.append(zeros80 ? 0 : max(0, min(f, f + band.q10 * m)))
            bounds.upper80.append(max(f, f + (zeros80 ? band.q80 : band.q90) * m))
            bounds.lower95.append(zeros95 ? 0 : max(0, min(f, f + band.q025 * m)))
            bounds.upper95.append(max(f, f + (zeros95 ? band.q95 : band.q975) * m))
        }
        return SeriesPrediction(method: method, values: values, sd: sd, bounds: bounds)
    }
}
