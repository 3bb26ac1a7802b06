/// Additive Holt–Winters exponential smoothing (level, plain additive trend, additive season;
/// Hyndman's fpp notation): a cheap statistical baseline for daily series with a weekly
/// pattern, to weigh the LSTMs against.
///
/// The first `season` days only initialise the state, reproducibly by hand:
/// - level₀ = mean of days `0..<season`;
/// - trend₀ = (mean of days `season..<2·season` − level₀) / season;
/// - s[i] = y[i] − level₀ for i in `0..<season` (the seasonal term of day i).
///
/// That state stands for the end of day `season − 1`. Then for t = season ..< n, with l, b the
/// level and trend after day t − 1 and s[t − m] the term of the same weekday a season earlier:
/// - one-step forecast ŷ_t = l + b + s[t − m], error e_t = y_t − ŷ_t;
/// - l_t = α(y_t − s[t − m]) + (1 − α)(l + b);
/// - b_t = β(l_t − l) + (1 − β)b;
/// - s[t] = γ(y_t − l − b) + (1 − γ)s[t − m].
///
/// So there are n − season one-step errors, all out of sample for the state they are made from.
package struct HoltWinters: Sendable, Equatable {
    /// Level smoothing parameter, a fraction in [0, 1].
    package var alpha: Double
    /// Trend smoothing parameter, a fraction in [0, 1].
    package var beta: Double
    /// Seasonal smoothing parameter, a fraction in [0, 1].
    package var gamma: Double
    /// Level after the last fitted day, units/day.
    package var level: Double
    /// Trend after the last fitted day, units/day per day.
    package var trend: Double
    /// The `season` seasonal terms, units/day, rotated to the end of the series: `seasonal[k]`
    /// belongs to the days k + 1, k + 1 + season, … after the last fitted day, so forecast day
    /// h (h = 1 is the day after the series) uses `seasonal[(h − 1) % season]`.
    package var seasonal: [Double]
    /// Season length, days (7: weekly).
    package var season: Int
    /// Sum of the squared one-step-ahead errors over days `season..<n`, (units/day)².
    package var sse: Double
    /// Standard deviation of the one-step errors, √(sse / (n − season)), units/day: a base for
    /// forecast intervals.
    package var residualSD: Double

    /// Fits to `values` (units/day, one per day, oldest first), choosing α, β, γ in [0, 1] that
    /// minimise `sse`: a 7×5×5 grid, then a Nelder–Mead search kept inside the unit cube; about
    /// 800 runs of the recursions at most (some 320 on two years of daily data, 1.5 ms in a
    /// release build). Deterministic. nil when there are fewer than 2·`season` values, a value
    /// is not finite, or `season` < 1.
    package static func fit(_ values: [Double], season: Int = 7) -> HoltWinters? {
        guard let start = Start(values, season: season) else { return nil }
        var work = start.seasonal
        var evaluations = 0
        func cost(_ p: SIMD3<Double>) -> Double {
            evaluations += 1
            work = start.seasonal
            let sse = recurse(values, start: start, alpha: p.x, beta: p.y, gamma: p.z, seasonal: &work).sse
            return sse.isFinite ? sse : .infinity
        }

        // Coarse grid: 7 × 5 × 5 points; strict < keeps the first of equal costs.
        var best = (p: SIMD3<Double>(0.5, 0.1, 0.1), f: Double.infinity)
        for a in [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95] {
            for b in [0, 0.05, 0.1, 0.2, 0.3] {
                for g in [0, 0.1, 0.2, 0.35, 0.5] {
                    let p = SIMD3(a, b, g)
                    let f = cost(p)
                    if f < best.f { best = (p, f) }
                }
            }
        }
        guard best.f.isFinite else { return nil }

        // Nelder–Mead from the best grid point; points outside the cube are clamped into it.
        func clamp(_ p: SIMD3<Double>) -> SIMD3<Double> { pointwiseMin(pointwiseMax(p, .zero), .one) }
        var simplex = [best]
        for axis in 0..<3 {
            var p = best.p
            p[axis] += (p[axis] + 0.1 <= 1) ? 0.1 : -0.1
            simplex.append((p, cost(p)))
        }
        while evaluations < 800 {
            simplex.sort { $0.f < $1.f }
            let size = simplex.dropFirst().map { d in pointwiseMax(d.p - simplex[0].p, simplex[0].p - d.p).max() }.max()!
            let flat = simplex[3].f - simplex[0].f <= 1e-12 * (1 + simplex[0].f)
            if size < 1e-7 || (flat && size < 1e-4) { break }
            let worst = simplex[3]
            let centroid = (simplex[0].p + simplex[1].p + simplex[2].p) / 3
            let reflected = clamp(centroid + (centroid - worst.p))
            let fr = cost(reflected)
            if fr < simplex[0].f {
                let expanded = clamp(centroid + 2 * (centroid - worst.p))
                let fe = cost(expanded)
                simplex[3] = fe < fr ? (expanded, fe) : (reflected, fr)
            } else if fr < simplex[2].f {
                simplex[3] = (reflected, fr)
            } else {
                let contracted = fr < worst.f ? centroid + 0.5 * (reflected - centroid) : centroid + 0.5 * (worst.p - centroid)
                let fc = cost(contracted)
                if fc < min(fr, worst.f) {
                    simplex[3] = (contracted, fc)
                } else {
                    for i in 1...3 {
                        let p = simplex[0].p + 0.5 * (simplex[i].p - simplex[0].p)
                        simplex[i] = (p, cost(p))
                    }
                }
            }
        }
        let fitted = simplex.min { $0.f < $1.f }!.p
        return run(values, season: season, alpha: fitted.x, beta: fitted.y, gamma: fitted.z)
    }

    /// Runs the recursions over `values` (units/day, one per day, oldest first) with the given
    /// smoothing parameters, from the initial state described on the type. nil when a parameter
    /// is outside [0, 1], there are fewer than 2·`season` values, `season` < 1, or a value or
    /// the result is not finite.
    package static func run(_ values: [Double], season: Int, alpha: Double, beta: Double, gamma: Double) -> HoltWinters? {
        guard [alpha, beta, gamma].allSatisfy({ (0...1).contains($0) }),
            let start = Start(values, season: season)
        else { return nil }
        var ring = start.seasonal
        let (level, trend, sse) = recurse(values, start: start, alpha: alpha, beta: beta, gamma: gamma, seasonal: &ring)
        guard level.isFinite, trend.isFinite, sse.isFinite else { return nil }
        let n = values.count
        return HoltWinters(
            alpha: alpha, beta: beta, gamma: gamma, level: level, trend: trend,
            seasonal: (0..<season).map { ring[(n + $0) % season] }, season: season,
            sse: sse, residualSD: (sse / Double(n - season)).squareRoot())
    }

    /// The forecast for the `horizon` days after the fitted series, units/day: day h is
    /// level + h·trend + `seasonal[(h − 1) % season]`. Not clamped (may be negative).
    package func forecast(horizon: Int) -> [Double] {
        guard horizon > 0 else { return [] }
        return (1...horizon).map { h in
            level + Double(h) * trend + (seasonal.isEmpty ? 0 : seasonal[(h - 1) % seasonal.count])
        }
    }

    /// The initial state, from the first two seasons.
    private struct Start {
        var level: Double
        var trend: Double
        /// Indexed by day mod season.
        var seasonal: [Double]

        init?(_ values: [Double], season m: Int) {
            guard m >= 1, values.count >= 2 * m, values.allSatisfy(\.isFinite) else { return nil }
            let first = values[0..<m].reduce(0, +) / Double(m)
            let second = values[m..<(2 * m)].reduce(0, +) / Double(m)
            level = first
            trend = (second - first) / Double(m)
            seasonal = values[0..<m].map { $0 - first }
            guard level.isFinite, trend.isFinite, seasonal.allSatisfy(\.isFinite) else { return nil }
        }
    }

    /// The recursions for t = season ..< n; `seasonal` holds the terms by day mod season and is
    /// updated in place. Returns the final level and trend and the sum of squared errors.
    private static func recurse(
        _ y: [Double], start: Start, alpha: Double, beta: Double, gamma: Double, seasonal s: inout [Double]
    ) -> (level: Double, trend: Double, sse: Double) {
        let m = s.count
        var l = start.level, b = start.trend, sse = 0.0
        var i = 0  // t mod m
        for t in m..<y.count {
            let base = l + b
            let e = y[t] - (base + s[i])
            sse += e * e
            let newLevel = alpha * (y[t] - s[i]) + (1 - alpha) * base
            b = beta * (newLevel - l) + (1 - beta) * b
            s[i] = gamma * (y[t] - base) + (1 - gamma) * s[i]
            l = newLevel
            i = i + 1 == m ? 0 : i + 1
        }
        return (l, b, sse)
    }
}
