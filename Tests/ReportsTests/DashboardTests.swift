import Foundation
import Planning
import StockcastCore
import Testing

@testable import Reports

@Suite struct DashboardTests {
    static let context = DashboardContext(
        generatedAt: Timestamp(seconds: 1_764_000_000), horizon: 30, policy: .seedDefault,
        thresholds: AlertThresholds())

    static func page(_ reports: [ProductReport], context: DashboardContext = context) -> String {
        String(decoding: Rendering.dashboardHTML(reports, context: context), as: UTF8.self)
    }

    /// The page's embedded data, as the page's script reads it.
    static func data(_ html: XMLNode) throws -> [String: Any] {
        let script = try #require(html.elements("script").first { $0["id"] == "stockcast-data" })
        return try #require(try JSONSerialization.jsonObject(with: Data(script.allText.utf8)) as? [String: Any])
    }

    /// Numbers compared exactly are decoded with JSONDecoder: Foundation's JSONSerialization
    /// reads some doubles one ulp off on Linux (it writes them exactly).
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    struct EmbeddedProduct: Decodable {
        var sales: [Double], returns: [Double], sales_sd: [Double?], returns_sd: [Double?]
    }

    struct Embedded: Decodable { var products: [EmbeddedProduct] }

    @Test func pageIsWellFormedSelfContainedAndListsEveryProduct() throws {
        let reports = try (1...5).map { try sampleReport(product: "P00\($0)", seed: UInt64($0)) }
        let text = Self.page(reports)
        let html = try XMLNode.parse(text)
        #expect(text.hasPrefix("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">"))
        // Nothing fetched: no src or href anywhere, no stylesheet links, no url() in the style.
        #expect(html.all.allSatisfy { $0["src"] == nil && $0["href"] == nil && $0.name != "link" && $0.name != "iframe" })
        #expect(!text.contains("url(") && !text.contains("@import") && !text.contains("fetch(") && !text.contains("XMLHttpRequest"))
        #expect(html.all.allSatisfy { node in node.attributes.allSatisfy { !$0.value.hasPrefix("http") || $0.key.hasPrefix("xmlns") } })
        #expect(html.elements("meta").contains { $0["name"] == "viewport" })

        let options = try #require(html.all.first { $0["id"] == "product" }).elements("option")
        #expect(options.map(\.allText) == ["P001", "P002", "P003", "P004", "P005"])
        for index in 0..<5 {
            let template = try #require(html.all.first { $0["id"] == "charts-\(index)" })
            let svgs = template.elements("svg")
            #expect(svgs.map { $0["class"] } == ["wide", "compact", "wide", "compact", "wide", "compact"])
            #expect(svgs.allSatisfy { $0.children.first?.name == "title" && $0["data-scale"]?.split(separator: " ").count == 6 })
        }
        let controls = [
            "horizon", "factor", "reset", "download", "filter", "alerts-list", "rules", "forecast-body",
            "m-sales", "m-returns", "m-rate", "m-inventory",
        ]
        for id in controls { #expect(html.all.contains { $0["id"] == id }, "\(id)") }
        let horizon = try #require(html.all.first { $0["id"] == "horizon" })
        #expect(horizon["min"] == "7" && horizon["max"] == "90" && horizon["value"] == "30")
        let factor = try #require(html.all.first { $0["id"] == "factor" })
        #expect(factor["min"] == "1" && factor["max"] == "2" && factor["value"] == "1.2")
        #expect(text.utf8.count < 60_000 * reports.count, "\(text.utf8.count) bytes")
    }

    @Test func overviewPutsProductsWithAlertsFirstWithTheSummaryFigures() throws {
        let alert = ActiveAlert(
            fingerprint: "f", name: .highReturnRate, subject: "P003", summary: "forecast return rate 16.0 % exceeds 15.0 %",
            startsAt: 1_764_000_000)
        let reports = try (1...4).map { try sampleReport(product: "P00\($0)", seed: UInt64($0), alerts: $0 == 3 ? [alert] : []) }
        let html = try XMLNode.parse(Self.page(reports))
        let rows = try #require(html.all.first { $0["id"] == "overview-body" }).elements("tr")
        #expect(rows.map { $0.children[0].allText } == ["P003", "P001", "P002", "P004"])
        #expect(rows[0].elements("td")[0].allText == "High return rate" && rows[1].elements("td")[0].allText == "OK")
        #expect(rows[0]["aria-current"] == "true" && rows.dropFirst().allSatisfy { $0["aria-current"] == nil })
        // The daemon's plan figures, as summary.csv has them (there with 2 decimals).
        let m = reports[0].plan.metrics
        let cells = rows[1].elements("td").map(\.allText)
        #expect(cells[1] == String(format: "%.1f", m.averageSales) && cells[2] == String(format: "%.1f", m.averageReturns))
        #expect(cells[3] == String(format: "%.1f\u{00A0}%%", 100 * m.returnRate))
        #expect(cells[4] == Dashboard.grouped(m.recommendedInventory, 0) && cells[4].contains(","))
        let summary = String(decoding: Rendering.summaryCSV(reports), as: UTF8.self).split(separator: "\n")[1].split(separator: ",")
        #expect(summary[4] == String(format: "%.2f", m.averageSales) && summary[7] == String(format: "%.2f", m.recommendedInventory))
        // The page opens on the product that needs most attention.
        let selected = try #require(html.all.first { $0["id"] == "product" }).elements("option").filter { $0["selected"] != nil }
        #expect(selected.map(\.allText) == ["P003"])
        let sales = try #require(html.all.first { $0["id"] == "charts-2" }).elements("desc")
        #expect(sales.count == 6 && sales.allSatisfy { $0.allText.contains("product P003") })
        let data = try Self.data(html)
        #expect(data["opening"] as? Int == 2)
        let products = try #require(data["products"] as? [[String: Any]])
        let alerts = try #require(products[2]["alerts"] as? [[String: Any]])
        #expect(alerts.first?["action"] as? String == "Investigate quality issues")
    }

    @Test func embeddedForecastsAreTheNumbersOfForecastCSV() throws {
        let r = try sampleReport()
        let html = try XMLNode.parse(Self.page([r]))
        let data = try Self.data(html)
        let p = try #require((data["products"] as? [[String: Any]])?.first)
        let script = try #require(html.elements("script").first { $0["id"] == "stockcast-data" }).allText
        let exact = try #require(try Self.decode(Embedded.self, script).products.first)
        let sales = exact.sales, returns = exact.returns
        // Full precision: the same doubles the daemon planned with.
        #expect(sales == r.forecast.map(\.sales) && returns == r.forecast.map(\.returns))
        #expect(exact.sales_sd == r.uncertainty.map(\.salesSD) && exact.returns_sd == r.uncertainty.map(\.returnsSD))
        #expect(p["forecast_start"] as? String == "2024-12-31" && p["history_start"] as? String == "2024-10-02")
        let csv = String(decoding: Rendering.forecastCSV(r.plan, uncertainty: r.uncertainty), as: UTF8.self).split(separator: "\n").dropFirst()
        for (i, line) in csv.enumerated() {
            let cells = line.split(separator: ",").map(String.init)
            #expect(cells[0] == Day(iso: "2024-12-31")!.advanced(by: i).description)
            #expect(cells[1] == String(format: "%.2f", sales[i]) && cells[2] == String(format: "%.2f", returns[i]))
        }
    }

    @Test func jsonTextKeepsEveryDoubleAndEscapesMarkup() throws {
        let values: [Double] = [152.71952806819797, 0.1, 1e-7, 120, -0.0, 5e20, 1.0 / 3, -2.5]
        let text = JSONText.numbers(values + [.nan, .infinity]).text
        #expect(text == "[152.71952806819797,0.1,1e-07,120,-0,5e+20,0.3333333333333333,-2.5,null,null]")
        let back = try JSONDecoder().decode([Double?].self, from: Data(text.utf8))
        #expect(Array(back.prefix(values.count)) == values && (back[4]!).sign == .minus && back.suffix(2) == [nil, nil])
        let s = JSONText.string("</script>&\"\\\n\u{0}\u{2028}é").text
        #expect(s == #""\u003c/script\u003e\u0026\"\\\n\u0000\u2028é""#)
        #expect(try JSONDecoder().decode(String.self, from: Data(s.utf8)) == "</script>&\"\\\n\u{0}\u{2028}é")
        // The outbox's files: Foundation-style values, sorted keys, two-space indents.
        let file = JSONText.sorted([
            "b": .array([.integer(1), .number(2.5), .string("x")]), "a": .null, "c": .sorted([:]),
            "d": .boolean(true),
        ]).pretty
        #expect(file == "{\n  \"a\": null,\n  \"b\": [\n    1,\n    2.5,\n    \"x\"\n  ],\n  \"c\": {},\n  \"d\": true\n}")
    }

    @Test func pageEmbedsTheScriptFilesAsTheyAre() throws {
        let html = try XMLNode.parse(Self.page([try sampleReport()]))
        let scripts = html.elements("script")
        #expect(try #require(scripts.first { $0["id"] == "stockcast-plan" }).allText == "//\n" + DashboardScript.plan + "//")
        #expect(try #require(scripts.first { $0["id"] == "stockcast-page" }).allText == "//\n" + DashboardScript.page + "//")
        #expect(DashboardScript.plan.hasPrefix("// StockcastPlan") && DashboardScript.plan.contains("const StockcastPlan = (() => {"))
        #expect(DashboardScript.page.contains("const P = StockcastPlan;"))
    }

    @Test func pageWithoutProductsSaysSo() throws {
        let html = try XMLNode.parse(Self.page([]))
        #expect(try #require(html.all.first { $0["id"] == "product-name" }).allText == "No products yet")
        #expect(try #require(html.all.first { $0["id"] == "overview-body" }).elements("tr").isEmpty)
    }

    @Test func hostileProductIdsAreDataNotMarkup() throws {
        let ids = ["</script><script>alert(1)</script>", "]]><x>", "a\u{2028}b\u{2029}c", "nul\u{0}id", "<!--", "&amp;", "P\"'><svg onload=1>"]
        let reports = try ids.enumerated().map { try sampleReport(product: $1, seed: UInt64($0 + 1)) }
        let context = DashboardContext(
            generatedAt: Self.context.generatedAt, horizon: 30, policy: .seedDefault, thresholds: AlertThresholds(),
            fileAlerts: [
                ActiveAlert(
                    fingerprint: "x", name: .fileRejected, subject: "</main>bad&file.csv",
                    summary: "line 3: <b>", startsAt: 0)
            ])
        let text = Self.page(reports, context: context)
        let html = try XMLNode.parse(text)
        #expect(html.elements("script").map { $0["id"] } == ["stockcast-data", "stockcast-plan", "stockcast-page"])
        #expect(html.all.allSatisfy { $0.name != "svg" || $0["onload"] == nil })
        let products = try #require(try Self.data(html)["products"] as? [[String: Any]])
        #expect(products.map { $0["id"] as? String } == ids)
        #expect(
            try #require(html.all.first { $0["id"] == "product" }).elements("option").map(\.allText)
                == ids.map { $0.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") })
        let banner = try #require(html.all.first { $0["class"] == "banner" })
        #expect(banner.elements("strong").first?.allText == "</main>bad&file.csv" && banner.allText.contains("line 3: <b>"))
    }
}
