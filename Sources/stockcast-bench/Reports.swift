import Foundation
import Planning
import Reports
import StockcastCore

/// What publishing costs as the catalogue grows (issues 5 and 14): report.json and the three SVG
/// charts of every product, each product's dashboard data (`data.js`) and the dashboard page over
/// all of them, rendered from synthetic reports shaped like the daemon's (90 days of history, a
/// 90-day forecast with error sds, a 30-day plan; one product in ten with alerts, one in fifty with
/// a gap in its history). With `--outbox DIR` the 2,000-product outbox (or that of the one size
/// `--sizes` gives) is also written to DIR, for looking at the page (`Tests/Screenshots/dashboard.sh`).
func reportsBenchmark(_ options: BenchOptions) throws {
    let context = DashboardContext(generatedAt: .now(), horizon: 30, policy: .seedDefault, thresholds: AlertThresholds())
    let clock = ContinuousClock()
    func ms(_ d: Duration) -> String { f(Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000, 1) }
    func mb(_ bytes: Int) -> String { f(Double(bytes) / 1_048_576, 2) + " MB" }
    print("reports: report.json and charts of every product, its data.js, index.html (one core)")
    for count in options.reportSizes {
        let reports = try (0..<count).map { try syntheticReport($0, context: context) }
        var chartBytes = 0
        let chartTime = clock.measure {
            for r in reports { chartBytes += Rendering.productCharts(r).reduce(0) { $0 + $1.bytes.count } }
        }
        var jsonBytes = 0
        let jsonTime = clock.measure {
            for r in reports { jsonBytes += Rendering.reportJSON(r, generatedAt: context.generatedAt).count }
        }
        var dataBytes = 0
        let dataTime = clock.measure {
            for r in reports { dataBytes += Rendering.dashboardData(r).count }
        }
        var page = 0
        let pageTime = clock.measure { page = Rendering.dashboardHTML(reports, context: context).count }
        print(
            "  \(count) products: report.json \(ms(jsonTime)) ms; 3 SVGs \(ms(chartTime)) ms (\(f(Double(chartBytes) / Double(3 * count) / 1024, 1)) kB per chart);"
                + " data.js \(ms(dataTime)) ms, \(mb(dataBytes)) in all (\(f(Double(dataBytes) / Double(count) / 1024, 1)) kB per product);"
                + " index.html \(ms(pageTime)) ms, \(mb(page)) (\(f(Double(page) / Double(count), 0)) bytes per product)")
        if count == (options.reportSizes.count == 1 ? options.reportSizes[0] : 2000), let directory = options.outbox {
            let outbox = Outbox(root: directory)
            for r in reports {
                try outbox.publish(Outbox.productFile(r.product, "forecast.csv"), Rendering.forecastCSV(r.plan, uncertainty: r.uncertainty))
                try outbox.publish(Outbox.productFile(r.product, "report.json"), Rendering.reportJSON(r, generatedAt: context.generatedAt))
                for chart in Rendering.productCharts(r) { try outbox.publish(Outbox.productFile(r.product, chart.file), chart.bytes) }
                try outbox.publish(Outbox.productFile(r.product, Rendering.dashboardDataFile), Rendering.dashboardData(r))
            }
            try outbox.publish(Outbox.dashboard, Rendering.dashboardHTML(reports, context: context))
            print("  wrote the \(count)-product outbox to \(directory)")
        }
    }
    if let peak = ResourceUsage.peakResidentBytes() { print("  peak RSS \(peak / 1_048_576) MB") }
}

/// Synthetic product `index`: `SKU-<index>` (a few with ids that need escaping), levels and noise
/// from a seeded generator, a HighReturnRate alert on every tenth, and on every fiftieth three
/// days without data in its history (a DataGap).
private func syntheticReport(_ index: Int, context: DashboardContext) throws -> ProductReport {
    let start = Day(iso: "2025-01-01")!
    var state = UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
    func noise() -> Double {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Double(state % 10_000) / 10_000
    }
    let level = 20 + 200 * noise()
    let gap = index % 50 == 7 ? 60..<63 : 0..<0
    let history = (1...90).reversed().enumerated().map { i, back in
        gap.contains(i)
            ? DayFigures(day: start.advanced(by: -back), sales: .nan, returns: .nan)
            : DayFigures(
                day: start.advanced(by: -back), sales: (level * (0.7 + 0.6 * noise())).rounded(),
                returns: (level * 0.1 * (0.5 + noise())).rounded())
    }
    let forecast = (0..<90).map { DayFigures(day: start.advanced(by: $0), sales: level * (0.9 + 0.2 * noise()), returns: level * 0.1) }
    let sd = forecast.map { DayUncertainty(day: $0.day, salesSD: level * 0.15, returnsSD: level * 0.04) }
    let plan = try Planner.plan(forecast, uncertainty: sd, horizon: context.horizon, policy: context.policy)
    let model = ModelInfo(source: "lstm", version: 1, trainedThrough: start.advanced(by: -1), validationMAE: 1, decision: "trained")
    let none = LiveAccuracy(days: 0, mae7: nil, mae30: nil, bias7: nil, bias30: nil)
    let product = index % 500 == 3 ? "Bücher & Co </script> \"\(index)\"" : String(format: "SKU-%05d", index)
    var alerts: [ActiveAlert] = []
    if index % 10 == 4 {
        alerts.append(
            ActiveAlert(
                fingerprint: "r\(index)", name: .highReturnRate, subject: product, summary: "forecast return rate 17.3 % exceeds 15.0 %",
                startsAt: context.generatedAt.seconds - 86_400))
    }
    if !gap.isEmpty {
        alerts.append(
            ActiveAlert(
                fingerprint: "g\(index)", name: .dataGap, subject: product,
                summary: "3 days without any file: \(history[gap.lowerBound].day) to \(history[gap.upperBound - 1].day)",
                startsAt: context.generatedAt.seconds))
    }
    return ProductReport(
        product: product, dataThrough: start.advanced(by: -1), history: history,
        forecast: forecast, uncertainty: sd, plan: plan, sales: model, returns: model,
        salesAccuracy: none, returnsAccuracy: none, alerts: alerts)
}
