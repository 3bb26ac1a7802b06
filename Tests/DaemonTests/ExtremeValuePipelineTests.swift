import Foundation
import Planning
import Reports
import StockcastCore
import Testing

@testable import Daemon

/// No value that passes ingest may crash training, forecasting, planning or rendering: the whole
/// path (ingest → train → forecast → plan → publish, then a day more: fine-tune → publish) with
/// extreme but accepted quantities, under both inventory policies. Every forecast, interval sd and
/// plan figure must be finite, and all but net demand non-negative; every outbox file is written.
@Suite struct ExtremeValuePipelineTests {

    /// Sales and returns of day `d` of a scenario.
    struct Scenario: CustomTestStringConvertible, Sendable {
        var name: String
        /// Sales and returns of day `day`, given the ceiling (the most one row may carry).
        var figures: @Sendable (_ day: Int, _ ceiling: Double) -> (sales: Double, returns: Double)
        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "zeros") { _, _ in (0, 0) },
        Scenario(name: "the ceiling every day") { _, ceiling in (ceiling, ceiling) },
        Scenario(name: "sales at the ceiling, no returns") { _, ceiling in (ceiling, 0) },
        Scenario(name: "tiny fractions") { d, _ in (1e-9 * Double(d % 3), 0.001) },
        Scenario(name: "the smallest double") { d, _ in (d % 2 == 0 ? .leastNonzeroMagnitude : 0, .leastNonzeroMagnitude) },
        Scenario(name: "one spike among zeros") { d, ceiling in (d == 20 ? ceiling : 0, 0) },
        Scenario(name: "one spike at the end") { d, ceiling in (d == 39 ? ceiling : 0, d == 39 ? ceiling : 0) },
        Scenario(name: "all equal") { _, _ in (7, 7) },
        Scenario(name: "negative net demand") { _, ceiling in (1, ceiling) },
        Scenario(name: "alternating zero and the ceiling") { d, ceiling in (d % 2 == 0 ? ceiling : 0, d % 2 == 1 ? ceiling : 0) },
        Scenario(name: "seeded mixture") { d, ceiling in
            let pool: [Double] = [0, 1e-300, 1e-6, 0.5, 1, 1e3, 1e6, ceiling]
            let h = fnv1a64(Array("\(d)".utf8))
            return (pool[Int(h % 8)], pool[Int((h >> 8) % 8)])
        },
    ]

    static func csv(_ scenario: Scenario, days: Range<Int>, ceiling: Double) -> String {
        let start = Day(iso: "2024-01-01") ?? Day(daysSince1970: 19723)
        var out = "Date,Product_ID,Sales,Returns\n"
        for d in days {
            let (sales, returns) = scenario.figures(d, ceiling)
            out += "\(start.advanced(by: d)),X,\(sales),\(returns)\n"
            out += "\(start.advanced(by: d)),N,\(50 + d % 7),\(d % 3)\n"
        }
        return out
    }

    /// The default ceiling and the highest one the configuration accepts.
    static let ceilings = [1e9, 1e15]

    @Test(arguments: scenarios, ceilings)
    func extremeAcceptedValuesTravelTheWholePathWithoutACrash(_ scenario: Scenario, ceiling: Double) async throws {
        let serviceLevel = (Self.scenarios.firstIndex { $0.name == scenario.name } ?? 0) % 2 == 1
        var (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        settings.maxQuantity = ceiling
        if serviceLevel { settings.policyKind = .serviceLevel }
        let pipeline = try Pipeline(settings: settings, logger: quietLogger)
        try write(Self.csv(scenario, days: 0..<40, ceiling: ceiling), to: settings.inbox + "/history.csv")
        #expect(await pipeline.process("history.csv").outcome?.status == .accepted)
        try await pipeline.publish()
        try await Self.check(pipeline, settings: settings, scenario)

        // A day more: fine-tuning (or a retrain) of the models just trained.
        try write(Self.csv(scenario, days: 40..<41, ceiling: ceiling), to: settings.inbox + "/day.csv")
        #expect(await pipeline.process("day.csv").outcome?.status == .accepted)
        try await pipeline.publish()
        try await Self.check(pipeline, settings: settings, scenario)
    }

    static func check(_ pipeline: Pipeline, settings: DaemonSettings, _ scenario: Scenario) async throws {
        for product in ["X", "N"] {
            let report = try #require(try await pipeline.productReport(product), "\(scenario.name): \(product)")
            #expect(report.forecast.count == settings.forecastDays)
            for f in report.forecast {
                #expect(f.sales.isFinite && f.sales >= 0 && f.returns.isFinite && f.returns >= 0, "\(scenario.name): \(product) \(f)")
            }
            for u in report.uncertainty {
                #expect(u.salesSD.isFinite && u.salesSD >= 0 && u.returnsSD.isFinite && u.returnsSD >= 0, "\(scenario.name): \(product) \(u)")
            }
            #expect(report.plan.days.count == settings.horizon)
            for d in report.plan.days {
                let figures = [d.forecastSales, d.forecastReturns, d.recommendedInventory] + [d.safetyStock, d.reorderPoint, d.orderUpTo].compactMap { $0 }
                #expect(figures.allSatisfy { $0.isFinite && $0 >= 0 } && d.netDemand.isFinite, "\(scenario.name): \(product) \(d)")
            }
            let m = report.plan.metrics
            #expect(
                [m.averageSales, m.averageReturns, m.returnRate, m.recommendedInventory].allSatisfy { $0.isFinite && $0 >= 0 },
                "\(scenario.name): \(product) \(m)")
            let folder = settings.outbox + "/products/" + product
            for chart in ["sales.svg", "returns.svg", "inventory.svg"] {
                let svg = try String(contentsOfFile: folder + "/" + chart, encoding: .utf8)
                #expect(svg.hasSuffix("</svg>\n") && !svg.contains("nan") && !svg.contains("inf"), "\(scenario.name): \(product) \(chart)")
            }
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json")))
            #expect(json is [String: Any])
            let csv = try String(contentsOfFile: folder + "/forecast.csv", encoding: .utf8)
            #expect(csv.split(separator: "\n").count == settings.horizon + 1)
        }
        let summary = try String(contentsOfFile: settings.outbox + "/summary.csv", encoding: .utf8)
        #expect(summary.split(separator: "\n").count == 3 && !summary.contains("nan") && !summary.contains("inf"))
        let page = try String(contentsOfFile: settings.outbox + "/index.html", encoding: .utf8)
        #expect(page.hasSuffix("</html>\n"))
    }
}
