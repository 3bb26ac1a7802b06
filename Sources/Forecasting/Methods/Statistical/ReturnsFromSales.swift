import StockcastCore

/// Returns as the echo of earlier sales: returns on day t = rate × Σ_k w_k × sales on day t − k,
/// k = 0 … `maximumLag`, with w_k ≥ 0 summing to 1 (the delay distribution) — the seed's own rule
/// (5–15 % of the sales 7 days before) and, in real data, a return rate and a spread of delays.
///
/// Fitted on the last `fitDays` days of the history (all there are when fewer):
/// - rate = total returns ÷ total sales over those days (0 without sales);
/// - w: the non-negative least-squares fit of the returns' deviations from their mean on the
///   lagged sales' deviations from theirs (centred, so that the level, which the rate carries,
///   does not make every lag look alike; coordinate descent on the normal equations, 500 sweeps
///   from all-zero weights), normalised to sum 1; uniform when the fit is all zero.
///
/// Sales after the history are `AutoETS`'s forecast of the sales (clamped at 0; `SeasonalMean`'s
/// when it cannot fit), so that the method stands on its own: the same sales forecast in
/// validation and in service, whatever serves the sales.
package struct ReturnsFromSales: Sendable, Equatable {
    /// Longest delay from a sale to its return, days.
    package static let maximumLag = 14
    /// Days of history fitted (a year).
    package static let fitDays = 364
    /// Fewest days of history to fit on (beyond the longest delay).
    package static let minimumDays = 28

    /// Returns per unit sold, a fraction.
    package var rate: Double
    /// Delay distribution: `weights[k]` of the returns come from the sales k days earlier.
    package var weights: [Double]

    /// Fits to aligned daily `returns` and `sales` (units/day); nil when they are not aligned or
    /// shorter than `minimumDays` + `maximumLag` days.
    package static func fit(returns: [Double], sales: [Double]) -> ReturnsFromSales? {
        let L = maximumLag
        guard returns.count == sales.count, returns.count >= minimumDays + L else { return nil }
        let first = max(L, returns.count - fitDays)
        let totalSales = sales[first...].reduce(0, +), totalReturns = returns[first...].reduce(0, +)
        let rate = totalSales > 0 ? totalReturns / totalSales : 0
        // Normal equations of (returns[t] − r̄) ≈ Σ b_k (sales[t − k] − s̄), t in first ..< n.
        let days = Double(returns.count - first)
        let meanReturns = totalReturns / days
        let meanSales = sales[(first - L)...].reduce(0, +) / Double(returns.count - first + L)
        var gram = [[Double]](repeating: [Double](repeating: 0, count: L + 1), count: L + 1)
        var cross = [Double](repeating: 0, count: L + 1)
        for t in first..<returns.count {
            let r = returns[t] - meanReturns
            for j in 0...L {
                let sj = sales[t - j] - meanSales
                cross[j] += sj * r
                for k in j...L { gram[j][k] += sj * (sales[t - k] - meanSales) }
            }
        }
        for j in 0...L { for k in 0..<j { gram[j][k] = gram[k][j] } }
        var b = [Double](repeating: 0, count: L + 1)
        for _ in 0..<500 {
            for j in 0...L where gram[j][j] > 0 {
                var g = -cross[j]
                for k in 0...L { g += gram[j][k] * b[k] }
                b[j] = max(0, b[j] - g / gram[j][j])
            }
        }
        let total = b.reduce(0, +)
        let weights = total > 0 ? b.map { $0 / total } : [Double](repeating: 1 / Double(L + 1), count: L + 1)
        return ReturnsFromSales(rate: rate, weights: weights)
    }

    /// The returns of the `horizon` days after the history, units/day: from `sales` (the actual
    /// days, aligned with the history) followed by `futureSales` (one per forecast day).
    package func forecast(sales: [Double], futureSales: [Double], horizon: Int) -> [Double] {
        let all = sales + futureSales
        let n = sales.count
        return (0..<horizon).map { h in
            var sum = 0.0
            for (k, w) in weights.enumerated() where n + h - k >= 0 && n + h - k < all.count { sum += w * all[n + h - k] }
            return max(0, rate * sum)
        }
    }

    /// The forecast from `ReturnsFromSales.fit` on a product's history (both series from
    /// `start`), the sales after it from `AutoETS`; nil when it cannot be fitted.
    package static func forecast(returns: [Double], sales: [Double], start: Day, horizon: Int) -> [Double]? {
        guard horizon > 0, let model = fit(returns: returns, sales: sales) else { return nil }
        return model.forecast(sales: sales, futureSales: futureSales(sales, start: start, horizon: horizon), horizon: horizon)
    }

    /// The sales of the `horizon` days after `sales` (which start on `start`) that the returns
    /// are forecast from: `AutoETS`'s forecast (re-run with `parameters` when given) clamped at
    /// 0, `SeasonalMean`'s when it cannot fit.
    package static func futureSales(_ sales: [Double], start: Day, horizon: Int, parameters: ETS.Parameters? = nil) -> [Double] {
        AutoETS.model(sales, parameters: parameters)?.forecast(horizon: horizon).map { max(0, $0) }
            ?? SeasonalMean.forecast(history: sales, start: start, horizon: horizon)
    }
}
