import Foundation
import Planning
import StockcastCore
import Testing

@testable import Reports

/// Rendering is total: whatever numbers a report holds (zero, subnormal, the largest finite
/// double, infinities, NaN, negative), the charts, the page, the CSV and the JSON are written,
/// well-formed, without a trap (regression: a quantity of 1e19 or 1e30 trapped in the value
/// axis, "cannot be converted to Int" / "Range requires lowerBound <= upperBound").
@Suite struct ExtremeValueTests {
    static let extremes: [Double] = [
        0, .leastNonzeroMagnitude, 1e-300, 1e-9, 0.4, 1, 7, 1e9, 1e15, 1e19, 1e30, 1e300, 1.7e308,
        .greatestFiniteMagnitude, .infinity, -.infinity, .nan, -1, -1e30,
    ]

    /// A report whose history, forecast and error sds are all `value` (or `value` on one day
    /// among zeros when `spike`).
    static func report(_ value: Double, spike: Bool) -> ProductReport {
        let start = Day(iso: "2024-12-31") ?? Day(daysSince1970: 20088)
        func v(_ i: Int) -> Double { spike ? (i == 45 ? value : 0) : value }
        let history = (0..<90).map { DayFigures(day: start.advanced(by: $0 - 90), sales: v($0), returns: v(89 - $0)) }
        let forecast = (0..<90).map { DayFigures(day: start.advanced(by: $0), sales: v($0), returns: v($0) / 3) }
        let uncertainty = forecast.map { DayUncertainty(day: $0.day, salesSD: abs($0.sales), returnsSD: abs($0.returns)) }
        let plan = Planner.plan(forecast, horizon: 30, safetyFactor: 1.2)
        let model = ModelInfo(source: "lstm", version: 1, trainedThrough: start.advanced(by: -1), validationMAE: value, decision: "trained")
        let accuracy = LiveAccuracy(days: 3, mae7: value, mae30: value, bias7: -value, bias30: value)
        return ProductReport(
            product: "X", dataThrough: start.advanced(by: -1), history: history, forecast: forecast,
            uncertainty: uncertainty, plan: plan, sales: model, returns: model,
            salesAccuracy: accuracy, returnsAccuracy: accuracy, alerts: [])
    }

    @Test(arguments: extremes)
    func chartsOfAnyNumbersAreWellFormedWithFiniteCoordinates(_ value: Double) throws {
        for spike in [false, true] {
            let r = Self.report(value, spike: spike)
            for chart in Rendering.productCharts(r) {
                let text = String(decoding: chart.bytes, as: UTF8.self)
                let svg = try XMLNode.parse(text)
                #expect(!text.contains("nan") && !text.contains("inf"), "\(value) \(chart.file)")
                for node in svg.all {
                    for name in ["x", "y", "x1", "x2", "y1", "y2", "width", "height"] {
                        guard let attribute = node[name], !attribute.hasSuffix("%") else { continue }
                        let number = try #require(Double(attribute), "\(value) \(chart.file): \(name)=\(attribute)")
                        #expect(number.isFinite && abs(number) <= 2000, "\(value) \(chart.file): \(name)=\(attribute)")
                    }
                }
                // Tick labels read as numbers, increasing from the bottom.
                let ticks = try ChartTests.valueAxis(svg)
                #expect(ticks.count >= 2 && ticks.first?.value == 0, "\(value) \(chart.file)")
                #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0.value < $1.value && $0.y > $1.y }, "\(value) \(chart.file)")
            }
        }
    }

    @Test(arguments: extremes)
    func thePageTheCSVAndTheJSONOfAnyNumbersAreWritten(_ value: Double) throws {
        let r = Self.report(value, spike: true)
        let page = String(decoding: Rendering.dashboardHTML([r, Self.report(value, spike: false)], context: DashboardTests.context), as: UTF8.self)
        #expect(page.hasSuffix("</html>\n"))
        // The product's data.js: JSON (no NaN or Infinity), its charts' scales finite.
        let object = try JSONSerialization.jsonObject(with: Data(try DashboardTests.productData(r).utf8)) as? [String: Any]
        let charts = try #require(object?["charts"] as? [[String: String]])
        let scales = charts.flatMap { [$0["wide"] ?? "", $0["compact"] ?? ""] }.flatMap { svg in
            svg.matches(of: /data-scale="([^"]*)"/).map { String($0.output.1) }
        }
        #expect(!scales.isEmpty && scales.allSatisfy { $0.split(separator: " ").allSatisfy { Double($0)?.isFinite == true } }, "\(scales)")
        let csv = String(decoding: Rendering.forecastCSV(r.plan, uncertainty: r.uncertainty), as: UTF8.self)
        #expect(csv.split(separator: "\n").count == 31)
        let json = Rendering.reportJSON(r, generatedAt: Timestamp(seconds: 1_764_000_000))
        #expect(try JSONSerialization.jsonObject(with: Data(json)) is [String: Any])
        #expect(String(decoding: Rendering.summaryCSV([r]), as: UTF8.self).split(separator: "\n").count == 2)
    }

    @Test func valueTicksAreRoundAndFiniteForEveryMaximum() {
        var maxima: [Double] = Self.extremes + [Double.leastNormalMagnitude, 9.99e307, 4.9e307, 1e308]
        for e in stride(from: -320, through: 308, by: 7) { maxima.append(pow(10, Double(e)) * 0.999) }
        for m in maxima {
            let ticks = ValueTicks(maximum: m)
            #expect(ticks.top.isFinite && ticks.step.isFinite && ticks.step > 0 && ticks.top > 0, "\(m)")
            if m.isFinite && m > 0 && m <= ValueTicks.largestTop { #expect(ticks.top >= m, "\(m)") }
            let values = ticks.values
            #expect(values.count >= 2 && values.count <= 8 && values.allSatisfy(\.isFinite), "\(m): \(values)")
            #expect(values.allSatisfy { !ticks.label($0).isEmpty }, "\(m)")
        }
    }

    @Test func coordinatesOfAnyNumberAreFinite() {
        for v in Self.extremes + [-Double.greatestFiniteMagnitude, 1e14, -1e14, 1e16] {
            let text = Markup.coordinate(v)
            #expect(Double(text)?.isFinite == true, "\(v) → \(text)")
        }
    }
}
