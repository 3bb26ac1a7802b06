import Foundation
import StockcastCore

extension Backtest {
    /// The evaluation as a text table: per product and series one row per method and one for
    /// the served method, then summary rows (mean over the series of each kind). Columns: MAE
    /// and RMSE (units/day), MASE, the MAE as a fraction of seasonal naive's, 80 % and 95 %
    /// interval coverage, spread (std of the forecast ÷ std of the actual).
    package static func table(_ outcomes: [Outcome]) -> String {
        var lines = [row("product", "series", "method", "MAE", "RMSE", "MASE", "vs naive", "cov80", "cov95", "spread", "origins")]
        let rowsOrder: [ForecastMethod?] = ForecastMethod.allCases.map(Optional.some) + [nil]
        var groups: [String: [Outcome]] = [:]
        var order: [String] = []
        for o in outcomes {
            let key = o.product + "\u{0}" + o.series.rawValue
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(o)
        }
        var summary: [SeriesKind: [String: [Score]]] = [:]
        for key in order {
            let group = groups[key]!
            let naive = score(group, method: .seasonalNaive)?.mae
            for method in rowsOrder {
                guard let s = score(group, method: method) else { continue }
                let name = method.map(\.rawValue) ?? "served (" + servedNames(group) + ")"
                lines.append(format(group[0].product, group[0].series.rawValue, name, s, naiveMAE: naive, origins: group.count))
                summary[group[0].series, default: [:]][method?.rawValue ?? "served", default: []].append(s)
            }
        }
        for kind in SeriesKind.allCases {
            guard let byMethod = summary[kind] else { continue }
            for name in rowsOrder.map({ $0?.rawValue ?? "served" }) {
                guard let scores = byMethod[name], let s = Score.mean(scores) else { continue }
                lines.append(
                    format(
                        "mean of \(scores.count)", kind.rawValue, name, s,
                        naiveMAE: byMethod["seasonal_naive"].flatMap(Score.mean)?.mae, origins: nil))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func servedNames(_ group: [Outcome]) -> String {
        var names: [String] = []
        for o in group where !names.contains(o.served.rawValue) { names.append(o.served.rawValue) }
        return names.joined(separator: "+")
    }

    private static func format(
        _ product: String, _ series: String, _ method: String, _ s: Score, naiveMAE: Double?,
        origins: Int?
    ) -> String {
        func v(_ x: Double?, _ digits: Int = 2) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "-" }
        func pct(_ x: Double?) -> String { x.map { String(format: "%.0f%%", $0 * 100) } ?? "-" }
        return row(
            product, series, method, v(s.mae), v(s.rmse), v(s.mase), v(naiveMAE.map { s.mae / $0 }),
            pct(s.coverage80), pct(s.coverage95), pct(s.spreadRatio), origins.map(String.init) ?? "")
    }

    private static func row(_ cells: String...) -> String {
        let widths = [16, 8, 40, 7, 7, 6, 9, 6, 6, 7, 7]
        return zip(cells, widths).enumerated().map { i, cw in
            let (cell, width) = cw
            let pad = String(repeating: " ", count: max(0, width - cell.count))
            return i < 3 ? cell + pad : pad + cell
        }.joined(separator: " ")
    }
}

extension Backtest.Score {
    /// The mean of each figure over `scores` (days summed); nil for none.
    static func mean(_ scores: [Self]) -> Self? {
        guard !scores.isEmpty else { return nil }
        func mean(_ f: (Self) -> Double?) -> Double? {
            let v = scores.compactMap(f)
            return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
        }
        return Self(
            mae: mean(\.mae)!, rmse: mean(\.rmse)!, mase: mean(\.mase), coverage80: mean(\.coverage80)!,
            coverage95: mean(\.coverage95)!, spreadRatio: mean(\.spreadRatio), days: scores.reduce(0) { $0 + $1.days })
    }
}
