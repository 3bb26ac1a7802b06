import Foundation

/// The standard normal distribution (mean 0, standard deviation 1): the service-level
/// factor of inventory planning and the width of forecast prediction intervals.
package enum NormalDistribution {
    /// The z of the central interval holding `coverage` (a fraction, 0.8 for 80 %) of a normal
    /// variable: Φ⁻¹(0.5 + coverage/2).
    package static func z(coverage: Double) -> Double { quantile(0.5 + coverage / 2) }

    /// The central interval mean ± z·sd (`z(coverage:)`), the lower bound clamped at 0
    /// (quantities are never negative).
    package static func interval(mean: Double, sd: Double, z: Double) -> (lower: Double, upper: Double) {
        (max(0, mean - z * sd), mean + z * sd)
    }

    /// Φ(x): the probability that a standard normal variable is at most `x`.
    package static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// Φ⁻¹(p): the `x` with Φ(x) = `p`, e.g. 1.6448536269514722 for 0.95. −∞ for 0, +∞ for 1,
    /// NaN outside [0, 1].
    ///
    /// Acklam's rational approximation (relative error below 1.15 × 10⁻⁹) refined by one step
    /// of Halley's method on Φ computed with `erfc`, which brings it to within a few units in
    /// the last place. The upper half is computed by symmetry, Φ⁻¹(p) = −Φ⁻¹(1 − p), so that a
    /// tail probability is never taken as a difference from 1 (1 − p is exact for p ≥ 0.5).
    package static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p > 0.5 { return -lowerQuantile(1 - p) }
        return lowerQuantile(p)
    }

    /// Φ⁻¹(p) for 0 < p ≤ 0.5.
    private static func lowerQuantile(_ p: Double) -> Double {
        let a = (
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
        )
        let b = (
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01
        )
        let c = (
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
        )
        let d = (
            7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00
        )
        var x: Double
        if p < 0.02425 {
            let q = (-2 * log(p)).squareRoot()
            x =
                (((((c.0 * q + c.1) * q + c.2) * q + c.3) * q + c.4) * q + c.5)
                / ((((d.0 * q + d.1) * q + d.2) * q + d.3) * q + 1)
        } else {
            let q = p - 0.5
            let r = q * q
            x =
                (((((a.0 * r + a.1) * r + a.2) * r + a.3) * r + a.4) * r + a.5) * q
                / (((((b.0 * r + b.1) * r + b.2) * r + b.3) * r + b.4) * r + 1)
        }
        // One Halley step: e = Φ(x) − p, u = e / φ(x).
        let e = cdf(x) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        // φ(x) underflows for p below about 10⁻³⁰⁰; the approximation stands there.
        if u.isFinite { x -= u / (1 + x * u / 2) }
        return x
    }
}
