import Foundation
import Planning
import StockcastCore
import StockcastTesting
import Testing

@testable import Reports

/// The dashboard's script (`plan.js`, as the page embeds it) run under Node.js against the Swift
/// it mirrors: `Planner`'s plans, metrics and alert rules, `Rendering.forecastCSV`, the charts'
/// lines and printf's number formatting, number for number. Skipped where Node.js is missing.
@Suite(.enabled(if: Node.isInstalled, Node.missing))
struct DashboardScriptTests {
    /// A Node program: the page's own `StockcastPlan` script (taken from the page), its index as
    /// `data`, the objects of `reports`' data.js files as `products`, then `body`, which prints JSON.
    static func program(_ page: String, _ html: XMLNode, _ reports: [ProductReport], _ body: String) throws -> String {
        let plan = try #require(html.elements("script").first { $0["id"] == "stockcast-plan" }).allText
        let data = try #require(html.elements("script").first { $0["id"] == "stockcast-data" }).allText
        let products = try reports.map { try DashboardTests.productData($0) }.joined(separator: ",\n")
        return plan + "\nconst data = " + data + ";\nconst products = [" + products + "];\n" + body
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    struct PlannedDay: Decodable {
        var sales: Double, returns: Double, net: Double, inventory: Double
        var safety: Double?, reorder: Double?, orderUpTo: Double?
    }

    struct PlanResult: Decodable {
        var days: [PlannedDay]
        var metrics: [String: Double]
        var fired: [[String]]
    }

    @Test(arguments: [
        (30, InventoryPolicy.safetyFactor(1.2)), (7, .safetyFactor(1.0)), (90, .safetyFactor(2.0)), (45, .safetyFactor(1.55)),
        (30, .serviceLevel(target: 0.95, leadTimeDays: 7, reviewDays: 1)), (60, .serviceLevel(target: 0.9, leadTimeDays: 3, reviewDays: 7)),
    ])
    func pageScriptPlansExactlyAsPlanner(horizon: Int, policy: InventoryPolicy) throws {
        let reports = try (1...3).map { try sampleReport(product: "P\($0)", seed: UInt64($0)) }
        let text = DashboardTests.page(
            reports,
            context: DashboardContext(
                generatedAt: DashboardTests.context.generatedAt, horizon: 30, policy: policy,
                thresholds: AlertThresholds()))
        let html = try XMLNode.parse(text)
        let policyJSON = Rendering.policy(policy).text
        let thresholds = [AlertThresholds(), AlertThresholds(returnRate: 0.097, volatility: 0.12, inventorySpike: 1.22)]
        let output = try Node.run(
            try Self.program(
                text, html, reports,
                """
                const policy = \(policyJSON);
                const sets = [{return_rate: 0.15, volatility: 0.5, inventory_spike: 1.5}, {return_rate: 0.097, volatility: 0.12, inventory_spike: 1.22}];
                console.log(JSON.stringify(products.map((p) => {
                  const planned = StockcastPlan.plan(p, \(horizon), policy);
                  return { days: planned.days, metrics: StockcastPlan.metrics(planned.days),
                           fired: sets.map((t) => Object.entries(StockcastPlan.rules(planned.days, t)).filter(([, r]) => r.fires).map(([n]) => n)) };
                })));
                """))
        let results = try DashboardTests.decode([PlanResult].self, output)
        #expect(results.count == reports.count)
        var firedAny = false, quietAny = false
        for (r, result) in zip(reports, results) {
            let plan = try Planner.plan(r.forecast, uncertainty: r.uncertainty, horizon: horizon, policy: policy)
            #expect(result.days.count == plan.days.count)
            for (js, swift) in zip(result.days, plan.days) {
                #expect(js.sales == swift.forecastSales && js.returns == swift.forecastReturns && js.net == swift.netDemand)
                #expect(js.inventory == swift.recommendedInventory, "\(swift.day)")
                #expect(js.safety == swift.safetyStock && js.reorder == swift.reorderPoint && js.orderUpTo == swift.orderUpTo)
            }
            let m = result.metrics
            #expect(m["averageSales"] == plan.metrics.averageSales && m["averageReturns"] == plan.metrics.averageReturns)
            #expect(m["returnRate"] == plan.metrics.returnRate && m["recommendedInventory"] == plan.metrics.recommendedInventory)
            for (t, names) in zip(thresholds, result.fired) {
                let swift = AlertRules.evaluate(product: r.product, plan: plan, thresholds: t).map(\.name.rawValue)
                #expect(Set(names) == Set(swift), "\(t)")
                firedAny = firedAny || !swift.isEmpty
                quietAny = quietAny || swift.count < 3
            }
        }
        #expect(firedAny && quietAny, "the thresholds make some rules fire and some not")
    }

    @Test(arguments: [InventoryPolicy.seedDefault, .serviceLevel(target: 0.95, leadTimeDays: 5, reviewDays: 2)])
    func downloadedCSVIsForecastCSVByteForByte(policy: InventoryPolicy) throws {
        var reports = try (1...3).map { try sampleReport(product: "P\($0)", seed: UInt64($0), policy: policy) }
        // A product whose forecast has no standard deviations leaves the interval cells empty;
        // one whose intervals are calibrated has them as they are.
        if case .safetyFactor = policy { reports[2].uncertainty = [] }
        reports[1] = withCalibratedIntervals(reports[1])
        let context = DashboardContext(generatedAt: DashboardTests.context.generatedAt, horizon: 30, policy: policy, thresholds: AlertThresholds())
        let text = DashboardTests.page(reports, context: context)
        let output = try Node.run(
            try Self.program(
                text, try XMLNode.parse(text), reports,
                """
                console.log(JSON.stringify(products.map((p) => StockcastPlan.csv(p, StockcastPlan.plan(p, data.horizon, data.policy), data.z80, data.z95))));
                """))
        let csvs = try #require(try Self.json(output) as? [String])
        #expect(csvs.count == 3)
        for (r, csv) in zip(reports, csvs) {
            #expect(csv == String(decoding: Rendering.forecastCSV(r.plan, uncertainty: r.uncertainty), as: UTF8.self))
        }
    }

    @Test func pageScriptRefusesServiceLevelPlansWithoutValidSDsAsPlannerDoes() throws {
        var r = try sampleReport()
        let policy = InventoryPolicy.serviceLevel(target: 0.95, leadTimeDays: 3, reviewDays: 1)
        var missing = r.uncertainty
        missing.remove(at: 5)
        var negative = r.uncertainty
        negative[2].salesSD = -1
        let cases = [r.uncertainty, missing, negative]
        var products: [String] = []
        for u in cases {
            r.uncertainty = u
            products.append(try DashboardTests.productData(r))
        }
        let text = DashboardTests.page(
            [r], context: DashboardContext(generatedAt: DashboardTests.context.generatedAt, horizon: 30, policy: policy, thresholds: AlertThresholds()))
        let output = try Node.run(
            try Self.program(
                text, try XMLNode.parse(text), [],
                """
                const all = [\(products.joined(separator: ","))];
                console.log(JSON.stringify(all.map((p) => { try { StockcastPlan.plan(p, 30, data.policy); return "planned"; } catch (e) { return "refused"; } })));
                """))
        let js = try DashboardTests.decode([String].self, output)
        let swift = cases.map { u in (try? Planner.plan(r.forecast, uncertainty: u, horizon: 30, policy: policy)) == nil ? "refused" : "planned" }
        #expect(js == swift && swift == ["planned", "refused", "refused"])
    }

    @Test func pageScriptFormatsNumbersAsPrintfDoes() throws {
        let values: [Double] = [
            0.125, 0.375, 2.675, 1.005, -0.001, -0.0, 0, 1e-9, 12345.005, 0.5, 1.5, 2.5, -2.5, 107.404999, 99.995,
            1234567.125, .nan, .infinity, 3.0000000000000004,
        ]
        let r = try sampleReport()
        let text = DashboardTests.page([r])
        let output = try Node.run(
            try Self.program(
                text, try XMLNode.parse(text), [r],
                """
                const values = [\(values.map { $0.isNaN ? "NaN" : $0.isInfinite ? "Infinity" : ($0 == 0 && $0.sign == .minus ? "-0" : "\($0)") }.joined(separator: ","))];
                console.log(JSON.stringify([0, 1, 2].map((d) => values.map((v) => StockcastPlan.grouped(StockcastPlan.fixed(v, d), ",")))));
                """))
        let printed = try #require(try Self.json(output) as? [[String]])
        for digits in 0...2 {
            #expect(printed[digits] == values.map { Dashboard.grouped($0, digits) }, "\(digits) digits")
        }
        #expect(Dashboard.grouped(1234567.125, 2) == "1,234,567.12" && Dashboard.grouped(-12345, 0) == "-12,345" && Dashboard.grouped(999, 1) == "999.0")
    }

    /// The SVG frames of `r`'s data.js, parsed: per chart, wide then compact.
    static func chartFrames(_ r: ProductReport) throws -> [XMLNode] {
        let p = try #require(try JSONSerialization.jsonObject(with: Data(try DashboardTests.productData(r).utf8)) as? [String: Any])
        let charts = try #require(p["charts"] as? [[String: String]])
        return try charts.flatMap { [try XMLNode.parse(try #require($0["wide"])), try XMLNode.parse(try #require($0["compact"]))] }
    }

    @Test(arguments: [false, true])
    func pageScriptDrawsTheLinesTheChartCodeDraws(calibrated: Bool) throws {
        let sample = try sampleReport(seed: 7)
        let r = calibrated ? withCalibratedIntervals(sample) : sample
        let text = DashboardTests.page([r])
        let html = try XMLNode.parse(text)
        let svgs = try Self.chartFrames(r)
        var jobs: [[String: Any]] = []
        for svg in svgs {
            for element in svg.all where element["data-draw"] != nil {
                jobs.append(["source": element["data-draw"]!, "from": Int(element["data-from"]!)!, "scale": svg["data-scale"]!])
            }
        }
        #expect(jobs.count == 2 * (4 + 4 + 3))
        let jobsJSON = String(decoding: try JSONSerialization.data(withJSONObject: jobs), as: UTF8.self)
        let output = try Node.run(
            try Self.program(
                text, html, [r],
                """
                const p = products[0], planned = StockcastPlan.plan(p, data.horizon, data.policy);
                console.log(JSON.stringify(\(jobsJSON).map((j) => StockcastPlan.drawing(j.source, j.from, j.scale, p, planned, data.z80, data.z95))));
                """))
        let drawn = try #require(try Self.json(output) as? [String])
        // The same charts drawn by Chart itself.
        var expected: [String] = []
        let ceiling = DashboardProductData.inventoryCeiling(r)
        for kind in ProductCharts.Kind.allCases {
            for frame in [Chart.Frame.wide, .compact] {
                var chart = ProductCharts.dashboard(kind, r, frame: frame, inventoryCeiling: ceiling)
                chart.drawsData = true
                let svg = try XMLNode.parse(chart.svg())
                let drawnElements = svg.all.filter { $0.name == "polygon" || ($0.name == "path" && $0["stroke-linejoin"] != nil) }
                expected += drawnElements.map { $0["points"] ?? $0["d"] ?? "" }
            }
        }
        #expect(drawn.count == expected.count)
        let sources = jobs.map { $0["source"] as? String ?? "" }
        for (source, (js, swift)) in zip(sources, zip(drawn, expected)) {
            #expect(!swift.isEmpty && js == swift, "\(source)")
        }
    }
}
