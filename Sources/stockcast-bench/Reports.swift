import Foundation
import Planning
import Reports
import StockcastCore

/// What publishing costs as the catalogue grows (issue 5): report.json and the three SVG charts
/// of every product and the dashboard over all of them, rendered from synthetic reports shaped like the daemon's
/// (90 days of history, a 90-day forecast with error sds, a 30-day plan).
func reportsBenchmark(_ options: BenchOptions) throws {
    let start = Day(iso: "2025-01-01")!
    func report(_ index: Int) throws -> ProductReport {
        var state = UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
        func noise() -> Double {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Double(state % 10_000) / 10_000
        }
        let level = 20 + 200 * noise()
        let history = (1...90).reversed().map {
            DayFigures(
                day: start.advanced(by: -$0), sales: (level * (0.7 + 0.6 * noise())).rounded(),
                returns: (level * 0.1 * (0.5 + noise())).rounded())
        }
        let forecast = (0..<90).map { DayFigures(day: start.advanced(by: $0), sales: level * (0.9 + 0.2 * noise()), returns: level * 0.1) }
        let sd = forecast.map { DayUncertainty(day: $0.day, salesSD: level * 0.15, returnsSD: level * 0.04) }
        let plan = try Planner.plan(forecast, uncertainty: sd, horizon: 30, policy: .seedDefault)
        let model = ModelInfo(source: "lstm", version: 1, trainedThrough: start.advanced(by: -1), validationMAE: 1, decision: "trained")
        let none = LiveAccuracy(days: 0, mae7: nil, mae30: nil, bias7: nil, bias30: nil)
        return ProductReport(
            product: String(format: "SKU-%05d", index), dataThrough: start.advanced(by: -1), history: history,
            forecast: forecast, uncertainty: sd, plan: plan, sales: model, returns: model,
            salesAccuracy: none, returnsAccuracy: none, alerts: [])
    }
    let context = DashboardContext(generatedAt: .now(), horizon: 30, policy: .seedDefault, thresholds: AlertThresholds())
    let clock = ContinuousClock()
    print("reports: report.json and charts of every product, index.html (one core)")
    for count in [5, 100, 1000] {
        let reports = try (0..<count).map(report)
        var chartBytes = 0
        let chartTime = clock.measure {
            for r in reports { chartBytes += Rendering.productCharts(r).reduce(0) { $0 + $1.bytes.count } }
        }
        var jsonBytes = 0
        let jsonTime = clock.measure {
            for r in reports { jsonBytes += Rendering.reportJSON(r, generatedAt: context.generatedAt).count }
        }
        var page = 0
        let pageTime = clock.measure { page = Rendering.dashboardHTML(reports, context: context).count }
        func ms(_ d: Duration) -> String { f(Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000, 1) }
        print(
            "  \(count) products: report.json each \(ms(jsonTime)) ms; 3 SVGs each \(ms(chartTime)) ms (\(f(Double(chartBytes) / Double(3 * count) / 1024, 1)) kB per chart);"
                + " index.html \(ms(pageTime)) ms, \(f(Double(page) / 1_048_576, 2)) MB (\(f(Double(page) / Double(count) / 1024, 1)) kB per product)")
    }
    if let peak = ResourceUsage.peakResidentBytes() { print("  peak RSS \(peak / 1_048_576) MB") }
}
