import Foundation
import Planning
import StockcastCore
import Testing

@testable import Reports

@Suite struct ChartTests {
    static func charts(_ r: ProductReport) throws -> [String: (text: String, svg: XMLNode)] {
        var out: [String: (String, XMLNode)] = [:]
        for chart in Rendering.productCharts(r) {
            let text = String(decoding: chart.bytes, as: UTF8.self)
            out[chart.file] = (text, try XMLNode.parse(text))
        }
        return out
    }

    /// The value axis as a reader reads it: each tick label's number at its y.
    static func valueAxis(_ svg: XMLNode) throws -> [(value: Double, y: Double)] {
        let group = try #require(svg.elements("g").first { $0["text-anchor"] == "end" })
        return group.elements("text").compactMap { t in
            guard let v = Double(t.allText.replacingOccurrences(of: "\u{2009}", with: "")), let y = Double(t["y"] ?? "") else { return nil }
            return (v, y)
        }
    }

    /// The points of a path's `M x,y L x,y …` data.
    static func points(_ d: String) -> [(x: Double, y: Double)] {
        d.split(whereSeparator: { $0 == "M" || $0 == "L" || $0 == " " }).compactMap { pair in
            let xy = pair.split(separator: ",").compactMap { Double($0) }
            return xy.count == 2 ? (xy[0], xy[1]) : nil
        }
    }

    @Test func productChartsAreSmallStandaloneSVGWithTitleDescriptionAndLegend() throws {
        let r = try sampleReport()
        let charts = try Self.charts(r)
        #expect(Set(charts.keys) == ["sales.svg", "returns.svg", "inventory.svg"])
        for (file, (text, svg)) in charts {
            #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "), "\(file)")
            #expect(svg.name == "svg" && svg["xmlns"] == "http://www.w3.org/2000/svg" && svg["version"] == "1.1")
            #expect(svg["viewBox"] == "0 0 800 400")
            #expect(svg.children.first?.name == "title" && svg.children.dropFirst().first?.name == "desc", "\(file)")
            #expect(svg.elements("title")[0].allText.contains("P001"))
            #expect(svg.elements("desc")[0].allText.count > 60)
            // Self-contained: nothing fetched, nothing run.
            #expect(svg.all.allSatisfy { $0.name != "script" && $0.name != "image" && $0.name != "foreignObject" })
            #expect(svg.all.allSatisfy { node in node.attributes.keys.allSatisfy { !$0.contains("href") && !$0.hasPrefix("on") } })
            #expect(!text.contains("url(") && !text.contains("@import"))
            #expect(text.utf8.count < 30_000, "\(file) is \(text.utf8.count) bytes")
            #expect(svg.all.contains { $0.name == "text" && $0.allText.hasPrefix("Date (") }, "\(file): date axis label")
        }
        let legend = { (file: String) in Set(charts[file]!.svg.elements("text").map(\.allText)) }
        #expect(legend("sales.svg").isSuperset(of: ["Actual", "Forecast", "80 % interval", "95 % interval", "Units per day"]))
        #expect(legend("inventory.svg").isSuperset(of: ["Forecast sales", "Forecast returns", "Recommended inventory", "Units"]))
    }

    @Test func salesChartDrawsTheCSVNumbersOnAnAxisThatCoversThem() throws {
        let r = try sampleReport()
        let svg = try Self.charts(r)["sales.svg"]!.svg
        let csv = String(decoding: Rendering.forecastCSV(r.plan, uncertainty: r.uncertainty), as: UTF8.self)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let axis = try Self.valueAxis(svg)
        let zero = try #require(axis.first { $0.value == 0 }), top = try #require(axis.max { $0.value < $1.value })
        let value = { (y: Double) in (zero.y - y) / (zero.y - top.y) * top.value }
        // Round ticks, evenly spaced, from 0 to at least the highest value drawn (the 95 % bound).
        let step = axis[1].value - axis[0].value
        let magnitude = pow(10, log10(step).rounded(.down))
        #expect([1.0, 2, 5].contains(step / magnitude))
        let highest = csv.map { Double($0[8])! }.max()!
        #expect(top.value >= highest && top.value - step < max(highest, r.history.map(\.sales).max()!))

        let paths = svg.elements("path")
        let forecast = try #require(paths.first { $0["stroke-dasharray"] != nil })
        let actual = try #require(paths.first { $0["stroke-dasharray"] == nil && $0["stroke"] == ProductCharts.actualColor })
        let drawn = Self.points(forecast["d"]!)
        #expect(drawn.count == csv.count)
        for (point, row) in zip(drawn, csv) {
            // Coordinates have one decimal: 0.05 units of drawing, well under 0.1 units/day here.
            #expect(abs(value(point.y) - Double(row[1])!) < 0.1, "\(row[0])")
        }
        let history = Self.points(actual["d"]!)
        #expect(history.count == 90 && zip(history, r.history).allSatisfy { abs(value($0.y) - $1.sales) < 0.1 })
        // The forecast starts right of the last actual day, with the marker between them.
        #expect(drawn[0].x > history.last!.x)
        let marker = try #require(svg.elements("text").first { $0.allText.hasPrefix("Forecast ▸") })
        #expect(Double(marker["x"]!)! > history.last!.x && Double(marker["x"]!)! < drawn[0].x)
        // Two interval bands over the forecast days.
        #expect(svg.elements("polygon").count == 2)
    }

    @Test func inventoryChartDrawsThePlansRecommendedInventory() throws {
        let r = try sampleReport(horizon: 45, policy: .safetyFactor(1.5))
        let svg = try Self.charts(r)["inventory.svg"]!.svg
        let axis = try Self.valueAxis(svg)
        let zero = try #require(axis.first { $0.value == 0 }), top = try #require(axis.max { $0.value < $1.value })
        let line = try #require(svg.elements("path").first { $0["stroke"] == ProductCharts.inventoryColor })
        let drawn = Self.points(line["d"]!)
        #expect(drawn.count == 45)
        for (point, day) in zip(drawn, r.plan.days) {
            #expect(abs((zero.y - point.y) / (zero.y - top.y) * top.value - day.recommendedInventory) < 0.2)
        }
        #expect(svg.elements("title")[0].allText == "Inventory plan for P001: next 45 days")
    }

    @Test func dateTickLabelsNeverOverlap() {
        let first = Day(iso: "2024-03-01")!
        for days in [7, 14, 30, 45, 90, 120, 180, 365, 730, 2000] {
            for width in [300.0, 560, 720] {
                let perDay = width / Double(days - 1)
                let ticks = DateTicks(first: first, last: first.advanced(by: days - 1), pixelsPerDay: perDay)
                #expect(ticks.days.count >= 2 || days <= 14, "\(days) days on \(width)")
                let xs = ticks.days.map { Double(first.distance(to: $0)) * perDay }
                // Labels are at most 48 units wide ("Sep 2025" at 12 px): keep them 56 apart.
                #expect(zip(xs, xs.dropFirst()).allSatisfy { $1 - $0 >= 56 }, "\(days) days on \(width): \(ticks.days)")
                #expect(ticks.days.allSatisfy { $0 >= first && $0 <= first.advanced(by: days - 1) })
            }
        }
        let weekly = DateTicks(first: first, last: first.advanced(by: 119), pixelsPerDay: 6)
        #expect(weekly.days.allSatisfy { $0.weekday == 1 } && weekly.label(weekly.days[0]) == "Mar 4")
        let monthly = DateTicks(first: first, last: first.advanced(by: 729), pixelsPerDay: 1)
        #expect(monthly.monthly && monthly.days.allSatisfy { $0.components.day == 1 } && monthly.label(monthly.days[0]) == "Apr 2024")
    }

    @Test func valueTicksAreRoundNumbersFromZero() {
        #expect(ValueTicks(maximum: 137).values == [0, 50, 100, 150])
        #expect(ValueTicks(maximum: 21.3).values == [0, 5, 10, 15, 20, 25])
        #expect(ValueTicks(maximum: 0.7).values.map { ($0 * 10).rounded() / 10 } == [0, 0.2, 0.4, 0.6, 0.8])
        #expect(ValueTicks(maximum: 0).values.map { ($0 * 10).rounded() / 10 } == [0, 0.2, 0.4, 0.6, 0.8, 1, 1.2])
        #expect(ValueTicks(maximum: 200).values == [0, 50, 100, 150, 200, 250], "a round maximum gets headroom")
        #expect(ValueTicks(maximum: 48_000).label(40_000) == "40\u{2009}000")
        #expect(ValueTicks(maximum: 0.7).label(0.4) == "0.4")
    }

    @Test func hostileProductIdsStayTextInTheSVG() throws {
        for product in ["</svg><script>alert(1)</script>", "a&b\"c'd<e>", "nul\u{0}and\u{1B}escape", String(repeating: "x", count: 10_000)] {
            let r = try sampleReport(product: product)
            for (file, (text, svg)) in try Self.charts(r) {
                #expect(svg.all.allSatisfy { $0.name != "script" }, "\(file)")
                #expect(!text.contains("\u{0}") && !text.contains("\u{1B}"))
                let desc = svg.elements("desc")[0].allText
                #expect(desc.contains(product.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}").replacingOccurrences(of: "\u{1B}", with: "\u{FFFD}")))
                #expect(svg.elements("title")[0].allText.count < 120, "long ids are shortened in titles")
            }
        }
    }
}
