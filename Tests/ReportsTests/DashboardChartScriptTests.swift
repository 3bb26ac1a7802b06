import Foundation
import Planning
import StockcastCore
import StockcastTesting
import Testing

@testable import Reports

/// The page's charts under Node.js: the value axis the page redraws when its controls change
/// the plan (`StockcastPlan.ticks`/`axis`, against `ValueTicks` and `Chart`), and days without
/// data drawn as gaps. Skipped where Node.js is missing.
@Suite(.enabled(if: Node.isInstalled, Node.missing))
struct DashboardChartScriptTests {
    struct Ticks: Decodable {
        var top: Double, step: Double, values: [Double], labels: [String]
    }

    @Test func pageScriptMakesTheValueAxesOfValueTicks() throws {
        let maxima: [Double] = [
            0, -1, .nan, 1e-9, 0.0004, 0.003, 0.0123, 0.7, 1, 4.99, 5, 9.999, 12.3, 99.9, 100, 100.5, 101, 999, 12_345, 99_999,
            1_000_001, 3.3e12, 7e15, .infinity, 1e305,
        ]
        let literal = maxima.map { $0.isNaN ? "NaN" : $0.isInfinite ? "Infinity" : "\($0)" }.joined(separator: ",")
        let text = DashboardTests.page([try sampleReport()])
        let output = try Node.run(
            try DashboardScriptTests.program(
                text, try XMLNode.parse(text), [],
                """
                console.log(JSON.stringify([\(literal)].map((m) => { const t = StockcastPlan.ticks(m); return { top: t.top, step: t.step, values: t.values, labels: t.values.map(t.label) }; })));
                """))
        let js = try DashboardTests.decode([Ticks].self, output)
        #expect(js.count == maxima.count)
        for (m, t) in zip(maxima, js) {
            let swift = ValueTicks(maximum: m)
            #expect(t.top == swift.top && t.step == swift.step && t.values == swift.values, "\(m)")
            #expect(t.labels == swift.values.map(swift.label), "\(m)")
        }
    }

    /// The `<g class="value-axis">` content of an SVG document.
    static func valueAxis(_ svg: String) throws -> String {
        let start = try #require(svg.range(of: "<g class=\"value-axis\"")).upperBound
        let open = try #require(svg[start...].firstIndex(of: ">"))
        let close = try #require(svg[open...].range(of: "</g>")).lowerBound
        return String(svg[svg.index(after: open)..<close])
    }

    struct Rescaled: Decodable {
        var top: Double, scale: String, axis: String
    }

    @Test func inventoryAxisFitsThePlanAtThePageSettingsAsChartDrawsIt() throws {
        let r = try sampleReport(seed: 3)
        let text = DashboardTests.page([r])
        let frames = try DashboardScriptTests.chartFrames(r)
        let inventory = try #require(frames.first { $0["data-kind"] == "inventory" && $0["class"] == "wide" })
        let sources = inventory.all.compactMap { $0["data-draw"] }
        #expect(sources == ["line:sales", "line:returns", "line:inventory"])
        let settings: [(horizon: Int, factor: Double)] = [(30, 1.2), (90, 2.0), (7, 1.0), (60, 1.5)]
        let sourcesJSON = String(decoding: try JSONSerialization.data(withJSONObject: sources), as: UTF8.self)
        let settingsJSON = "[" + settings.map { "[\($0.horizon),\($0.factor)]" }.joined(separator: ",") + "]"
        let output = try Node.run(
            try DashboardScriptTests.program(
                text, try XMLNode.parse(text), [r],
                """
                const p = products[0], scale = \(JSONText.string(inventory["data-scale"] ?? "").text);
                console.log(JSON.stringify(\(settingsJSON).map(([h, f]) => {
                    const planned = StockcastPlan.plan(p, h, { kind: "safety_factor", safety_factor: f });
                    const t = StockcastPlan.ticks(StockcastPlan.top(\(sourcesJSON), p, planned, data.z80, data.z95));
                    const s = StockcastPlan.rescaled(scale, t.top);
                    return { top: t.top, scale: s, axis: StockcastPlan.axis(t, s) };
                  })));
                """))
        let js = try DashboardTests.decode([Rescaled].self, output)
        #expect(js.count == settings.count)
        let ceiling = DashboardProductData.inventoryCeiling(r)
        let opening = ProductCharts.dashboard(.inventory, r, frame: .wide, inventoryCeiling: ceiling).layout
        var tops: [Double] = []
        for (setting, page) in zip(settings, js) {
            var planned = r
            planned.plan = Planner.plan(r.forecast, horizon: setting.horizon, safetyFactor: setting.factor)
            let chart = ProductCharts.dashboard(.inventory, planned, frame: .wide, inventoryCeiling: ceiling)
            let l = chart.layout
            #expect(page.top == l.y.domain.upperBound, "\(setting)")
            #expect(page.axis == (try Self.valueAxis(chart.svg())), "\(setting)")
            let scale = page.scale.split(separator: " ").compactMap { Double($0) }
            #expect(
                scale == [l.x.domain.upperBound, l.x.range.lowerBound, l.x.range.upperBound, l.y.domain.upperBound, l.y.range.lowerBound, l.y.range.upperBound])
            #expect(l.left == opening.left && l.right == opening.right, "the plot does not move when the axis is redrawn")
            // The axis fits what is drawn: its top is less than 1.5 times the largest value.
            let drawn = (r.forecast.flatMap { [$0.sales, $0.returns] } + planned.plan.days.map(\.recommendedInventory)).max() ?? 0
            #expect(page.top >= drawn && page.top <= 1.5 * drawn, "\(setting): top \(page.top), largest value \(drawn)")
            tops.append(page.top)
        }
        #expect(tops[0] == opening.y.domain.upperBound, "at the daemon's settings the page keeps the axis it was given")
        #expect(tops[1] > tops[0] && tops[2] <= tops[0], "the axis grows and shrinks with the plan")
    }

    @Test func inventoryAxisLeavesRoomForTheLabelsOfEveryAxisTheControlsCanMake() {
        for (low, high) in [(0.0, 1.0), (0.3, 2.7), (3.0, 48.0), (95.0, 260.0), (118.0, 9_800.0), (7_000.0, 120_000.0), (0, 0)] {
            let reserved =
                ProductCharts.axisMaxima(from: low, to: high).map { m in
                    let t = ValueTicks(maximum: m)
                    return t.values.map { t.label($0).count }.max() ?? 0
                }.max() ?? 0
            var m = max(low, 1e-3)
            while m <= high {
                let t = ValueTicks(maximum: m)
                #expect(t.values.map { t.label($0).count }.max() ?? 0 <= reserved, "\(low)…\(high): the axis of \(m)")
                m *= 1.01
            }
        }
    }

    /// `sampleReport` with the history's days `gaps` unknown (no file covered them).
    static func withGaps(_ gaps: [Int]) throws -> ProductReport {
        var r = try sampleReport(seed: 5)
        for i in gaps {
            r.history[i].sales = .nan
            r.history[i].returns = .nan
        }
        return r
    }

    @Test func daysWithoutDataAreGapsInTheDataTheFileChartsAndThePageCharts() throws {
        let gaps = [10, 11, 12, 40]
        let r = try Self.withGaps(gaps)
        // The product's data: null on those days.
        let p = try #require(try JSONSerialization.jsonObject(with: Data(try DashboardTests.productData(r).utf8)) as? [String: Any])
        let history = try #require(p["history_sales"] as? [Any])
        #expect(history.indices.filter { history[$0] is NSNull } == gaps)
        // The file charts: the actual line breaks at each run of gap days, which are shaded and named.
        for (file, bytes) in Rendering.productCharts(r) where file != "inventory.svg" {
            let svg = try XMLNode.parse(String(decoding: bytes, as: UTF8.self))
            let actual = try #require(svg.elements("path").first { $0["stroke"] == ProductCharts.actualColor && $0["stroke-linejoin"] != nil })
            #expect(actual["d"]?.filter { $0 == "M" }.count == 3, "\(file): \(actual["d"] ?? "")")
            #expect(svg.elements("rect").filter { $0["class"] == "gap" }.count == 2, "\(file)")
            #expect(svg.elements("text").contains { $0.allText == Chart.gapName }, "\(file)")
        }
        // The page's charts: shaded in the frames, the line drawn with the same breaks, the days null.
        let frames = try DashboardScriptTests.chartFrames(r)
        let sales = try #require(frames.first { $0["data-kind"] == "sales" && $0["class"] == "wide" })
        #expect(sales.elements("rect").filter { $0["class"] == "gap" }.count == 2)
        let text = DashboardTests.page([r])
        let output = try Node.run(
            try DashboardScriptTests.program(
                text, try XMLNode.parse(text), [r],
                """
                const p = products[0], planned = StockcastPlan.plan(p, data.horizon, data.policy);
                const d = StockcastPlan.drawing("line:history_sales", 0, \(JSONText.string(sales["data-scale"] ?? "").text), p, planned, data.z80, data.z95);
                const v = StockcastPlan.series("line:history_sales", p, planned, data.z80, data.z95).values;
                console.log(JSON.stringify({ moves: d.split("M").length - 1, missing: v.map((x, i) => x == null ? i : -1).filter((i) => i >= 0) }));
                """))
        let result = try #require(try DashboardScriptTests.json(output) as? [String: Any])
        #expect(result["moves"] as? Int == 3 && result["missing"] as? [Int] == gaps)
    }
}
