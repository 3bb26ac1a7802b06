import Foundation

/// An exponential smoothing state space model (Hyndman, Koehler, Ord & Snyder 2008): error,
/// trend and season each additive or multiplicative (trend additive, damped or none), with a
/// weekly season. `AutoETS` fits the family and keeps the model of least AICc.
///
/// With ℓ, b the level and trend after the day before, s the seasonal term of the same weekday a
/// season earlier, φ the damping (1 undamped, b = 0 without trend) and u = ℓ + φb:
/// - one-step forecast μ = u + s (additive season), u·s (multiplicative), u (none);
/// - additive error e = y − μ: ℓ' = u + αe/ŝ, b' = φb + βe/ŝ, s' = s + γe/û, where ŝ = s and
///   û = u for a multiplicative season and both are 1 otherwise;
/// - multiplicative error ε = (y − μ)/μ: ℓ' = u + αμ̃ε, b' = φb + βμ̃ε, s' = s + γμ̃ε (additive
///   season, μ̃ = μ); without a season ℓ' = u(1 + αε), b' = φb + βuε; with a multiplicative one
///   ℓ' = u(1 + αε), b' = φb + βuε, s' = s(1 + γε).
/// Forecast of day h: (ℓ + φ_h b) combined with the season as μ is, φ_h = φ + … + φ^h (h undamped).
package struct ETS: Sendable, Equatable {
    /// Additive or multiplicative.
    package enum Kind: String, Sendable, Equatable, Codable { case none = "N", additive = "A", multiplicative = "M" }

    /// Which model: error, trend (damped or not), season.
    package struct Spec: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
        package var error: Kind
        package var trend: Kind
        package var damped: Bool
        package var season: Kind

        package init(error: Kind, trend: Kind, damped: Bool = false, season: Kind) {
            self.error = error
            self.trend = trend
            self.damped = damped && trend != .none
            self.season = season
        }

        /// ETS(A,Ad,A) and the like.
        package var description: String {
            "ETS(\(error.rawValue),\(trend.rawValue)\(damped ? "d" : ""),\(season.rawValue))"
        }

        /// Smoothing parameters (α, β, γ, φ as they apply).
        var parameterCount: Int { 1 + (trend != .none ? 1 : 0) + (damped ? 1 : 0) + (season != .none ? 1 : 0) }
    }

    package var spec: Spec
    /// Level smoothing, (0, 1).
    package var alpha: Double
    /// Trend smoothing, (0, α); 0 without trend.
    package var beta: Double
    /// Seasonal smoothing, (0, 1 − α); 0 without season.
    package var gamma: Double
    /// Damping, [0.8, 0.98]; 1 undamped.
    package var phi: Double
    /// Level and trend after the last fitted day, units/day.
    package var level: Double
    package var trend: Double
    /// Seasonal terms rotated to the days after the series: `seasonal[(h − 1) % 7]` is day h's.
    package var seasonal: [Double]
    /// Sum of squared one-step errors (relative errors for a multiplicative error), and AICc.
    package var sse: Double
    package var aicc: Double
    /// Days fitted.
    package var days: Int

    /// The point forecast of the `horizon` days after the fitted series, units/day (not clamped).
    package func forecast(horizon: Int) -> [Double] {
        guard horizon > 0 else { return [] }
        var damping = 0.0, power = 1.0
        return (1...horizon).map { h in
            power *= phi
            damping += spec.damped ? power : 1
            let u = level + (spec.trend == .none ? 0 : damping * trend)
            let s = seasonal.isEmpty ? 0 : seasonal[(h - 1) % seasonal.count]
            switch spec.season {
            case .none: return u
            case .additive: return u + s
            case .multiplicative: return u * s
            }
        }
    }
}

extension ETS {
    /// The initial state of `y` (at least two seasons): level the mean of the first `weeks`
    /// weeks (up to 8, as many whole weeks as there are); trend the change per day between the
    /// first and last of those weeks' means; each weekday's term its mean over those weeks minus
    /// (additive) or divided by (multiplicative) the level. Indexed by day mod `m`.
    static func start(_ y: [Double], spec: Spec, m: Int) -> (level: Double, trend: Double, seasonal: [Double])? {
        let weeks = min(8, y.count / m)
        guard weeks >= 2 else { return nil }
        let span = Array(y.prefix(weeks * m))
        let level = span.reduce(0, +) / Double(span.count)
        let first = span.prefix(m).reduce(0, +) / Double(m), last = span.suffix(m).reduce(0, +) / Double(m)
        let trend = spec.trend == .none ? 0 : (last - first) / Double((weeks - 1) * m)
        var seasonal = [Double](repeating: spec.season == .multiplicative ? 1 : 0, count: m)
        if spec.season != .none {
            for j in 0..<m {
                let mean = stride(from: j, to: span.count, by: m).reduce(0) { $0 + span[$1] } / Double(weeks)
                seasonal[j] = spec.season == .additive ? mean - level : (level > 0 ? mean / level : 1)
            }
        }
        return (level, trend, seasonal)
    }

    /// Runs the recursions over `y` from the initial state; nil when a forecast of a
    /// multiplicative model is not positive or a value is not finite.
    static func run(
        _ y: [Double], spec: Spec, m: Int, alpha: Double, beta: Double, gamma: Double, phi: Double,
        start: (level: Double, trend: Double, seasonal: [Double])
    ) -> ETS? {
        let beta = spec.trend == .none ? 0 : beta, gamma = spec.season == .none ? 0 : gamma
        var l = start.level, b = spec.trend == .none ? 0 : start.trend, s = start.seasonal
        let damp = spec.damped ? phi : 1
        var sse = 0.0, logs = 0.0
        var i = 0
        for t in 0..<y.count {
            let u = l + damp * b
            let mu: Double
            switch spec.season {
            case .none: mu = u
            case .additive: mu = u + s[i]
            case .multiplicative: mu = u * s[i]
            }
            if spec.error == .additive {
                let e = y[t] - mu
                sse += e * e
                let sHat = spec.season == .multiplicative ? s[i] : 1, uHat = spec.season == .multiplicative ? u : 1
                guard sHat != 0, uHat != 0 else { return nil }
                l = u + alpha * e / sHat
                b = damp * b + beta * e / sHat
                if spec.season != .none { s[i] += gamma * e / uHat }
            } else {
                guard mu > 0 else { return nil }
                let e = (y[t] - mu) / mu
                sse += e * e
                logs += log(mu)
                switch spec.season {
                case .additive:
                    l = u + alpha * mu * e
                    b = damp * b + beta * mu * e
                    s[i] += gamma * mu * e
                case .none:
                    l = u * (1 + alpha * e)
                    b = damp * b + beta * u * e
                case .multiplicative:
                    l = u * (1 + alpha * e)
                    b = damp * b + beta * u * e
                    s[i] *= 1 + gamma * e
                }
            }
            i = i + 1 == m ? 0 : i + 1
        }
        let n = Double(y.count)
        // −2 log-likelihood up to a constant shared by every model of the family.
        let likelihood = n * log(max(sse, 1e-300)) + 2 * logs
        let k = Double(spec.parameterCount + 1 + (spec.trend != .none ? 1 : 0) + (spec.season != .none ? m - 1 : 0) + 1)
        let aicc = n - k - 1 > 0 ? likelihood + 2 * k + 2 * k * (k + 1) / (n - k - 1) : .infinity
        guard l.isFinite, b.isFinite, s.allSatisfy(\.isFinite), aicc.isFinite || n - k - 1 <= 0 else { return nil }
        let rotated = spec.season == .none ? [] : (0..<m).map { s[(y.count + $0) % m] }
        return ETS(
            spec: spec, alpha: alpha, beta: spec.trend == .none ? 0 : beta, gamma: spec.season == .none ? 0 : gamma,
            phi: spec.damped ? phi : 1, level: l, trend: spec.trend == .none ? 0 : b, seasonal: rotated,
            sse: sse, aicc: aicc, days: y.count)
    }
}
