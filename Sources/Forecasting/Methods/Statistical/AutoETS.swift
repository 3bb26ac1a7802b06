import Foundation

/// The ETS family fitted to a series and the model of least AICc kept, as AutoETS does
/// (statsforecast, R's forecast): additive-error models always — ETS(A,N,N), (A,A,N), (A,Ad,N),
/// (A,N,A), (A,A,A), (A,Ad,A) — and, when every value is positive, the multiplicative-error ones
/// with no, additive or multiplicative season (additive error with a multiplicative season and
/// multiplicative trends are left out, as AutoETS's default restricts them).
///
/// Fitted to the last `fitDays` days (all when fewer; at least two weeks): the initial season
/// and trend from their first weeks (`ETS.start`), then α, β, γ, φ and the initial level
/// minimising the one-step sum of squared (or, for a multiplicative error, relative) errors —
/// Nelder–Mead from the best of a small grid, inside α ∈ [0.0001, 0.9999], β ∈ [0.0001, α],
/// γ ∈ [0.0001, 1 − α], φ ∈ [0.8, 0.98], the level within ± 2 standard deviations of the days'
/// mean (positive for a multiplicative error).
/// Deterministic.
package enum AutoETS {
    /// Days fitted at most (two years).
    package static let fitDays = 728
    /// Days needed (four weeks).
    package static let minimumDays = 28
    /// The season, days.
    package static let season = 7
    /// Cost evaluations per model at most.
    static let evaluations = 400

    /// The models fitted to `y` (multiplicative ones only for positive data).
    package static func specs(for y: [Double]) -> [ETS.Spec] {
        var out: [ETS.Spec] = []
        for season in [ETS.Kind.none, .additive] {
            out.append(ETS.Spec(error: .additive, trend: .none, season: season))
            out.append(ETS.Spec(error: .additive, trend: .additive, season: season))
            out.append(ETS.Spec(error: .additive, trend: .additive, damped: true, season: season))
        }
        if y.allSatisfy({ $0 > 0 }) {
            for season in [ETS.Kind.none, .additive, .multiplicative] {
                out.append(ETS.Spec(error: .multiplicative, trend: .none, season: season))
                out.append(ETS.Spec(error: .multiplicative, trend: .additive, season: season))
                out.append(ETS.Spec(error: .multiplicative, trend: .additive, damped: true, season: season))
            }
        }
        return out
    }

    /// The model of least AICc fitted to the last `fitDays` days of `history` (units/day); nil
    /// with fewer than `minimumDays` days or non-finite values.
    package static func fit(_ history: [Double]) -> ETS? {
        let y = Array(history.suffix(fitDays))
        guard y.count >= minimumDays, y.allSatisfy(\.isFinite) else { return nil }
        var best: ETS?
        for spec in specs(for: y) {
            guard let model = fit(y, spec: spec) else { continue }
            if best == nil || model.aicc < best!.aicc { best = model }
        }
        return best
    }

    /// The forecast of the best model, units/day (not clamped); nil as `fit`.
    package static func forecast(history: [Double], horizon: Int) -> [Double]? {
        fit(history)?.forecast(horizon: horizon)
    }

    /// One model fitted to `y`.
    static func fit(_ y: [Double], spec: ETS.Spec) -> ETS? {
        guard let start = ETS.start(y, spec: spec, m: season) else { return nil }
        let mean = y.reduce(0, +) / Double(y.count)
        let sd = (y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)).squareRoot()
        let lowest = spec.error == .multiplicative ? max(mean - 2 * sd, 0.05 * mean) : mean - 2 * sd
        let highest = mean + 2 * sd
        // The unit cube ↦ the admissible parameters (the level's coordinate 0.5 is the days' mean).
        func model(_ p: SIMD8<Double>) -> ETS? {
            let alpha = 0.0001 + p[0] * 0.9998
            let beta = 0.0001 + p[1] * max(0, alpha - 0.0001)
            let gamma = 0.0001 + p[2] * max(0, 1 - alpha - 0.0001)
            let level = p[4] < 0.5 ? mean - (mean - lowest) * (1 - 2 * p[4]) : mean + (highest - mean) * (2 * p[4] - 1)
            return ETS.run(
                y, spec: spec, m: season, alpha: alpha, beta: beta, gamma: gamma, phi: 0.8 + 0.18 * p[3],
                start: (level, start.trend, start.seasonal))
        }
        var count = 0
        func cost(_ p: SIMD8<Double>) -> Double {
            count += 1
            guard let m = model(p), m.sse.isFinite else { return .infinity }
            return m.aicc.isFinite ? m.aicc : m.sse
        }
        func clamp(_ p: SIMD8<Double>) -> SIMD8<Double> { pointwiseMin(pointwiseMax(p, .zero), .one) }
        // Only the dimensions the model has move (α, β, γ, φ, level; the rest are unused).
        let free = [true, spec.trend != .none, spec.season != .none, spec.damped, true]
        var best = (p: SIMD8<Double>(0.1, 0.1, 0.05, 0.8, 0.5, 0, 0, 0), f: Double.infinity)
        for a in [0.02, 0.1, 0.3, 0.6] {
            for g in (free[2] ? [0.02, 0.2] : [0.05]) {
                let p = SIMD8<Double>(a, 0.1, g, 0.8, 0.5, 0, 0, 0)
                let f = cost(p)
                if f < best.f { best = (p, f) }
            }
        }
        guard best.f.isFinite else { return nil }
        var simplex = [best]
        for axis in 0..<5 where free[axis] {
            var p = best.p
            p[axis] += p[axis] + 0.15 <= 1 ? 0.15 : -0.15
            simplex.append((p, cost(p)))
        }
        let n = simplex.count - 1
        while count < evaluations, n >= 1 {
            simplex.sort { $0.f < $1.f }
            if simplex[n].f - simplex[0].f <= 1e-9 * (1 + abs(simplex[0].f)) { break }
            let worst = simplex[n]
            var centroid = SIMD8<Double>.zero
            for i in 0..<n { centroid += simplex[i].p }
            centroid /= Double(n)
            let reflected = clamp(centroid + (centroid - worst.p))
            let fr = cost(reflected)
            if fr < simplex[0].f {
                let expanded = clamp(centroid + 2 * (centroid - worst.p))
                let fe = cost(expanded)
                simplex[n] = fe < fr ? (expanded, fe) : (reflected, fr)
            } else if fr < simplex[n - 1].f {
                simplex[n] = (reflected, fr)
            } else {
                let contracted = fr < worst.f ? centroid + 0.5 * (reflected - centroid) : centroid + 0.5 * (worst.p - centroid)
                let fc = cost(contracted)
                if fc < min(fr, worst.f) {
                    simplex[n] = (contracted, fc)
                } else {
                    for i in 1...n { simplex[i] = (simplex[0].p + 0.5 * (simplex[i].p - simplex[0].p), .infinity) }
                    for i in 1...n { simplex[i].f = cost(simplex[i].p) }
                }
            }
        }
        return model(simplex.min { $0.f < $1.f }!.p)
    }
}
