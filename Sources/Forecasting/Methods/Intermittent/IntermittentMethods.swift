/// The forecasting methods made for intermittent demand. Each forecasts a flat rate, units/day,
/// for every day ahead (the expected demand per day, not the demand of a day with demand), from
/// the whole history; an all-zero history forecasts 0. The recursions follow statsforecast
/// (Nixtla) 2.1.1 so that the figures can be checked against it:
///
/// - simple exponential smoothing `ses(x, α)`: s = x₀; for i = 1 ..< n: s = α·x_{i−1} + (1 − α)·s;
///   forecast α·x_{n−1} + (1 − α)·s; its mean squared one-step error is the sum over
///   i = 1 ..< n of (x_i − s_i)² ÷ n.
/// - demand sizes: the non-zero values in order; intervals: for the k-th non-zero day (index
///   i_k from 0), i_k + 1 − (i_{k−1} + 1), with i_{−1} + 1 = 0.
package enum IntermittentMethods {
    /// Croston's smoothing constant for sizes and intervals, and the SBA factor 1 − α/2.
    package static let crostonAlpha = 0.1

    /// Croston's method with the Syntetos–Boylan approximation: `ses(sizes, 0.1) ÷ ses(intervals,
    /// 0.1) × (1 − 0.1/2)`; the size forecast alone when the interval forecast is 0.
    package static func crostonSBA(_ y: [Double]) -> Double {
        let (sizes, intervals) = demands(y)
        guard !sizes.isEmpty else { return 0 }
        let size = ses(sizes, alpha: crostonAlpha).forecast
        let interval = ses(intervals, alpha: crostonAlpha).forecast
        return (interval != 0 ? size / interval : size) * (1 - crostonAlpha / 2)
    }

    /// The smoothing constants TSB chooses among (for sizes and for the probability of demand).
    package static let tsbGrid = [0.02, 0.05, 0.1, 0.2, 0.3]

    /// Teunter–Syntetos–Babai: the probability of a demand day `ses(1[y > 0], α_p)` times the
    /// size `ses(sizes, α_d)`. α_d and α_p are the pair of `tsbGrid` whose one-step forecasts
    /// p·z (each made from the days before) have the least squared error over the history
    /// (the first of equal ones, α_d varying slowest). Returns the rate and the pair.
    package static func tsb(_ y: [Double]) -> (rate: Double, alphaD: Double, alphaP: Double) {
        let (sizes, _) = demands(y)
        guard !sizes.isEmpty else { return (0, tsbGrid[0], tsbGrid[0]) }
        let occurs = y.map { $0 > 0 ? 1.0 : 0 }
        var best = (cost: Double.infinity, alphaD: tsbGrid[0], alphaP: tsbGrid[0])
        for alphaD in tsbGrid {
            for alphaP in tsbGrid {
                let cost = tsbError(y, occurs: occurs, alphaD: alphaD, alphaP: alphaP)
                if cost < best.cost { best = (cost, alphaD, alphaP) }
            }
        }
        return (tsb(y, alphaD: best.alphaD, alphaP: best.alphaP), best.alphaD, best.alphaP)
    }

    /// TSB with the given smoothing constants: `ses(1[y > 0], alphaP) × ses(sizes, alphaD)`, 0 for
    /// an all-zero history.
    package static func tsb(_ y: [Double], alphaD: Double, alphaP: Double) -> Double {
        let (sizes, _) = demands(y)
        guard !sizes.isEmpty else { return 0 }
        return ses(y.map { $0 > 0 ? 1.0 : 0 }, alpha: alphaP).forecast * ses(sizes, alpha: alphaD).forecast
    }

    /// ADIDA: the history cut into consecutive blocks of k days from its end (k = the mean
    /// interval between demands, rounded half to even; the oldest remainder dropped), the block
    /// sums forecast by `optimizedSES`, divided by k.
    package static func adida(_ y: [Double]) -> Double {
        let (sizes, intervals) = demands(y)
        guard !sizes.isEmpty else { return 0 }
        let k = aggregationLevel(intervals)
        return optimizedSES(blockSums(y, k)).forecast / Double(k)
    }

    /// IMAPA: the mean over k = 1 … (ADIDA's k) of the block-sum forecast at level k ÷ k.
    package static func imapa(_ y: [Double]) -> Double {
        let (sizes, intervals) = demands(y)
        guard !sizes.isEmpty else { return 0 }
        let top = aggregationLevel(intervals)
        let levels = (1...top).map { k in optimizedSES(blockSums(y, k)).forecast / Double(k) }
        return levels.reduce(0, +) / Double(levels.count)
    }

    // MARK: - Building blocks

    /// The non-zero values and the intervals before each, days.
    static func demands(_ y: [Double]) -> (sizes: [Double], intervals: [Double]) {
        var sizes: [Double] = [], intervals: [Double] = []
        var previous = 0
        for (i, v) in y.enumerated() where v != 0 {
            sizes.append(v)
            intervals.append(Double(i + 1 - previous))
            previous = i + 1
        }
        return (sizes, intervals)
    }

    /// The mean interval rounded half to even (as Python's `round`), at least 1.
    static func aggregationLevel(_ intervals: [Double]) -> Int {
        let mean = intervals.reduce(0, +) / Double(max(intervals.count, 1))
        return max(1, Int(mean.rounded(.toNearestOrEven)))
    }

    /// Sums of consecutive blocks of `k` values counted from the end; the first `count mod k`
    /// values are dropped.
    static func blockSums(_ y: [Double], _ k: Int) -> [Double] {
        let first = y.count % k
        return stride(from: first, to: y.count, by: k).map { y[$0..<min($0 + k, y.count)].reduce(0, +) }
    }

    /// Simple exponential smoothing as statsforecast computes it (see the type).
    static func ses(_ x: [Double], alpha: Double) -> (forecast: Double, mse: Double) {
        guard let first = x.first else { return (0, 0) }
        var s = first, sse = 0.0
        for i in x.indices.dropFirst() {
            s = alpha * x[i - 1] + (1 - alpha) * s
            sse += (x[i] - s) * (x[i] - s)
        }
        return (alpha * x[x.count - 1] + (1 - alpha) * s, sse / Double(x.count))
    }

    /// `ses` with the α in [0.1, 0.3] of least mean squared error: a grid of step 0.01, then a
    /// golden-section search around the best point (statsforecast uses a numerical minimiser
    /// on the same bounds).
    static func optimizedSES(_ x: [Double]) -> (forecast: Double, alpha: Double) {
        var best = (alpha: 0.1, mse: Double.infinity)
        for step in 0...20 {
            let alpha = 0.1 + 0.01 * Double(step)
            let mse = ses(x, alpha: alpha).mse
            if mse < best.mse { best = (alpha, mse) }
        }
        var lo = max(0.1, best.alpha - 0.01), hi = min(0.3, best.alpha + 0.01)
        let ratio = (5.0.squareRoot() - 1) / 2
        for _ in 0..<30 {
            let a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo)
            if ses(x, alpha: a).mse <= ses(x, alpha: b).mse { hi = b } else { lo = a }
        }
        let alpha = ses(x, alpha: (lo + hi) / 2).mse < best.mse ? (lo + hi) / 2 : best.alpha
        return (ses(x, alpha: alpha).forecast, alpha)
    }

    /// Sum of squared one-step TSB errors over the history: before day t the forecast is
    /// p·z from the days before it (0 until the first demand).
    private static func tsbError(_ y: [Double], occurs: [Double], alphaD: Double, alphaP: Double) -> Double {
        guard y.count > 1 else { return 0 }
        var p = occurs[0], z = y[0] > 0 ? y[0] : 0.0
        var seenDemand = y[0] > 0
        var sse = 0.0
        for t in 1..<y.count {
            let forecast = seenDemand ? p * z : 0
            sse += (y[t] - forecast) * (y[t] - forecast)
            p = alphaP * occurs[t] + (1 - alphaP) * p
            if y[t] > 0 {
                z = seenDemand ? alphaD * y[t] + (1 - alphaD) * z : y[t]
                seenDemand = true
            }
        }
        return sse
    }
}
