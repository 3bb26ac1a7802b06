import Foundation
import StockcastCore

extension Backtest {
    /// One method's figures over every outcome of one measure (sales or returns) of a data set:
    /// the yardstick of `stockcast-bench accuracy` and the summary of `stockcast backtest`.
    package struct Summary: Sendable, Equatable {
        package var series: SeriesKind
        /// The method; nil for what served at each origin.
        package var method: ForecastMethod?
        /// Mean over the outcomes with a scale of MAE ÷ the in-sample seasonal-naive-7 MAE
        /// before the origin (a fraction; below 1 beats seasonal naive's in-sample error).
        package var mase: Double?
        /// Mean over the outcomes of the MAE, units/day.
        package var mae: Double
        /// Fractions of all the scored days (pooled over the outcomes) inside the 80 % and 95 %
        /// prediction intervals.
        package var coverage80: Double
        package var coverage95: Double
        /// Total forecast ÷ total actual over the scored days (nil when nothing happened):
        /// above 1 forecasts too much.
        package var bias: Double?
        /// Outcomes (series × origins) scored.
        package var outcomes: Int
    }

    /// The summary of each measure: one row per method that forecast every outcome of that
    /// measure (so that all rows are scored on the same days), then the served row.
    package static func summary(_ outcomes: [Outcome]) -> [Summary] {
        var rows: [Summary] = []
        for kind in SeriesKind.allCases {
            let group = outcomes.filter { $0.series == kind }
            guard !group.isEmpty else { continue }
            let methods = ForecastMethod.allCases.filter { m in group.allSatisfy { $0.predictions[m] != nil } }
            for method in methods.map(Optional.some) + [nil] {
                if let row = summary(group, series: kind, method: method) { rows.append(row) }
            }
        }
        return rows
    }

    private static func summary(_ group: [Outcome], series: SeriesKind, method: ForecastMethod?) -> Summary? {
        var mases: [Double] = [], maes: [Double] = []
        var inside80 = 0, inside95 = 0, days = 0
        var totalForecast = 0.0, totalActual = 0.0
        for o in group {
            guard let p = method.map({ o.predictions[$0] }) ?? o.servedForecast,
                let mae = ForecastMetrics.mae(p.values, o.actual)
            else { continue }
            maes.append(mae)
            if let scale = o.scale { mases.append(mae / scale) }
            let i80 = p.interval(0.8), i95 = p.interval(0.95)
            for (d, a) in o.actual.enumerated() {
                if i80.lower[d] <= a && a <= i80.upper[d] { inside80 += 1 }
                if i95.lower[d] <= a && a <= i95.upper[d] { inside95 += 1 }
            }
            days += o.actual.count
            totalForecast += p.values.reduce(0, +)
            totalActual += o.actual.reduce(0, +)
        }
        guard !maes.isEmpty, days > 0 else { return nil }
        func mean(_ v: [Double]) -> Double? { v.isEmpty ? nil : v.reduce(0, +) / Double(v.count) }
        return Summary(
            series: series, method: method, mase: mean(mases), mae: mean(maes)!,
            coverage80: Double(inside80) / Double(days), coverage95: Double(inside95) / Double(days),
            bias: totalActual > 0 ? totalForecast / totalActual : nil, outcomes: maes.count)
    }

    /// `summary` as a text table: measure, method, mean MASE, mean MAE, pooled coverage, bias.
    package static func summaryTable(_ outcomes: [Outcome]) -> String {
        func cell(_ x: Double?, _ format: String) -> String { x.map { String(format: format, $0) } ?? "-" }
        func row(_ cells: [String]) -> String {
            zip(cells, [8, 22, 7, 8, 6, 6, 6, 7]).enumerated().map { i, pair in
                let pad = String(repeating: " ", count: max(0, pair.1 - pair.0.count))
                return i < 2 ? pair.0 + pad : pad + pair.0
            }.joined(separator: " ")
        }
        var lines = [row(["measure", "method", "MASE", "MAE", "cov80", "cov95", "bias", "series"])]
        for s in summary(outcomes) {
            lines.append(
                row([
                    s.series.rawValue, s.method?.rawValue ?? "served", cell(s.mase, "%.3f"), cell(s.mae, "%.3f"),
                    cell(s.coverage80 * 100, "%.0f%%"), cell(s.coverage95 * 100, "%.0f%%"), cell(s.bias, "%.2f"),
                    String(s.outcomes),
                ]))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
