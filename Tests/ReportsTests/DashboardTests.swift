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

    /// The page's embedded index, as the page's script reads it.
    static func data(_ html: XMLNode) throws -> [String: Any] {
        let script = try #require(html.elements("script").first { $0["id"] == "stockcast-data" })
        return try #require(try JSONSerialization.jsonObject(with: Data(script.allText.utf8)) as? [String: Any])
    }

    /// The index's product rows.
    static func rows(_ html: XMLNode) throws -> [[Any]] {
        try #require(try data(html)["products"] as? [[Any]])
    }

    /// The object a product's data.js hands to the page, as JSON text.
    static func productData(_ r: ProductReport) throws -> String {
        let script = String(decoding: Rendering.dashboardData(r), as: UTF8.self)
        let start = try #require(script.range(of: "StockcastData.product(")).upperBound
        #expect(script.hasSuffix(");\n"))
        return String(script[start...].dropLast(3))
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
        // Nothing fetched by the markup: no src or href anywhere, no stylesheet links, no url() in
        // the style (the script loads a chosen product's data.js from the outbox itself).
        #expect(html.all.allSatisfy { $0["src"] == nil && $0["href"] == nil && $0.name != "link" && $0.name != "iframe" })
        #expect(!text.contains("url(") && !text.contains("@import") && !text.contains("fetch(") && !text.contains("XMLHttpRequest"))
        #expect(html.all.allSatisfy { node in node.attributes.allSatisfy { !$0.value.hasPrefix("http") || $0.key.hasPrefix("xmlns") } })
        #expect(html.elements("meta").contains { $0["name"] == "viewport" })

        #expect(try Self.rows(html).map { $0[0] as? String } == ["P001", "P002", "P003", "P004", "P005"])
        // The charts are in each product's data.js, not in the page.
        #expect(html.elements("svg").isEmpty && html.elements("template").isEmpty)
        let controls = [
            "product", "horizon", "factor", "reset", "download", "filter", "alerts-only", "page-prev", "page-next", "overview-body",
            "alerts-list", "rules", "forecast-body", "m-sales", "m-returns", "m-rate", "m-inventory", "charts",
        ]
        for id in controls { #expect(html.all.contains { $0["id"] == id }, "\(id)") }
        let horizon = try #require(html.all.first { $0["id"] == "horizon" })
        #expect(horizon["min"] == "7" && horizon["max"] == "90" && horizon["value"] == "30")
        let factor = try #require(html.all.first { $0["id"] == "factor" })
        #expect(factor["min"] == "1" && factor["max"] == "2" && factor["value"] == "1.2")
        let sorts = html.all.filter { $0.name == "button" && $0["data-sort"] != nil }.compactMap { $0["data-sort"] }
        #expect(sorts == ["product", "urgency", "sales", "returns", "rate", "inventory", "method", "through"])
        #expect(text.utf8.count < 80_000, "its style and scripts, and a short row per product: \(text.utf8.count) bytes")
    }

    @Test func pageStaysUnderTwoMegabytesAtTwoThousandProducts() throws {
        let base = try sampleReport()
        let alert = ActiveAlert(
            fingerprint: "f", name: .highReturnRate, subject: "", summary: "forecast return rate 16.0 % exceeds 15.0 %", startsAt: 1_764_000_000)
        let reports = (0..<2000).map { i -> ProductReport in
            var r = base
            r.product = String(format: "SKU-%06d", i)
            r.alerts = i % 10 == 0 ? [alert, ActiveAlert(fingerprint: "g", name: .dataGap, subject: "", summary: "3 days without any file", startsAt: 0)] : []
            return r
        }
        let text = Self.page(reports)
        #expect(text.utf8.count <= 2_000_000, "\(text.utf8.count) bytes")
        #expect(text.utf8.count < 40_000 + 150 * reports.count, "about a hundred bytes per product: \(text.utf8.count) bytes")
        let html = try XMLNode.parse(text)
        #expect(try Self.rows(html).count == 2000)
    }

    @Test func overviewRowsCarryTheSummaryFiguresAndAlertsMostAlertsFirst() throws {
        let alert = ActiveAlert(
            fingerprint: "f", name: .highReturnRate, subject: "P003", summary: "forecast return rate 16.0 % exceeds 15.0 %",
            startsAt: 1_764_000_000)
        let reports = try (1...4).map { try sampleReport(product: "P00\($0)", seed: UInt64($0), alerts: $0 == 3 ? [alert] : []) }
        let html = try XMLNode.parse(Self.page(reports))
        let data = try Self.data(html)
        #expect(data["columns"] as? [String] == Dashboard.rowColumns)
        #expect(data["opening"] as? Int == 2, "the page opens on the product that needs most attention")
        let rows = try Self.rows(html)
        // The daemon's plan figures, as the overview prints them (summary.csv has them with 2 decimals).
        let m = reports[0].plan.metrics
        #expect(rows[0][1] is NSNull && rows[0][2] as? String == "2024-12-30")
        #expect((rows[0][3] as? NSNumber)?.doubleValue == Double(String(format: "%.1f", m.averageSales)))
        #expect((rows[0][4] as? NSNumber)?.doubleValue == Double(String(format: "%.1f", m.averageReturns)))
        #expect((rows[0][5] as? NSNumber)?.doubleValue == Double(String(format: "%.1f", 100 * m.returnRate)))
        #expect((rows[0][6] as? NSNumber)?.doubleValue == Double(String(format: "%.0f", m.recommendedInventory)))
        let methods = try #require(data["methods"] as? [String])
        #expect(methods == ["LSTM / Holt–Winters"] && rows.allSatisfy { $0[7] as? Int == 0 })
        // Every method the forecasting serves is named for people, not by its key.
        let keys = ["lstm", "auto_ets", "holt_winters", "seasonal_naive", "seasonal_mean", "croston_sba", "tsb", "adida", "imapa", "returns_from_sales"]
        let names = keys.map { Dashboard.method(ModelInfo(source: $0, version: nil, trainedThrough: nil, validationMAE: nil, decision: "")) }
        #expect(zip(keys, names).allSatisfy { $0 != $1 } && names.contains("AutoETS") && names.contains("returns from sales"), "\(names)")
        let alerts = try #require(rows[2][8] as? [[String]])
        #expect(alerts == [["HighReturnRate", "forecast return rate 16.0 % exceeds 15.0 %", "2025-11-24 16:00 UTC"]])
        #expect(rows.enumerated().allSatisfy { $0.offset == 2 || ($0.element[8] as? [Any])?.isEmpty == true })
        let kinds = try #require(data["alert_kinds"] as? [String: [String]])
        #expect(kinds["HighReturnRate"] == ["High return rate", "Investigate quality issues"] && kinds.count == AlertName.allCases.count)
    }

    @Test func productDataHasTheNumbersOfForecastCSV() throws {
        let r = try sampleReport()
        let text = try Self.productData(r)
        let p = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let exact = try Self.decode(EmbeddedProduct.self, text)
        let sales = exact.sales, returns = exact.returns
        // Full precision: the same doubles the daemon planned with.
        #expect(sales == r.forecast.map(\.sales) && returns == r.forecast.map(\.returns))
        #expect(exact.sales_sd == r.uncertainty.map(\.salesSD) && exact.returns_sd == r.uncertainty.map(\.returnsSD))
        #expect(p["id"] as? String == "P001" && p["format_version"] as? Int == DashboardProductData.formatVersion)
        #expect(p["forecast_start"] as? String == "2024-12-31" && p["history_start"] as? String == "2024-10-02")
        let charts = try #require(p["charts"] as? [[String: String]])
        #expect(charts.map { $0["kind"] } == ["sales", "returns", "inventory"])
        for chart in charts {
            for frame in ["wide", "compact"] {
                let svg = try XMLNode.parse(try #require(chart[frame]))
                #expect(svg.name == "svg" && svg["class"] == frame && svg["data-first"] != nil && svg["data-scale"]?.split(separator: " ").count == 6)
            }
        }
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
        #expect(scripts.map { $0["id"] } == ["stockcast-data", "stockcast-plan", "stockcast-overview", "stockcast-charts", "stockcast-page"])
        for (id, script) in DashboardScript.all {
            #expect(try #require(scripts.first { $0["id"] == id }).allText == "//\n" + script + "//")
        }
        #expect(DashboardScript.plan.hasPrefix("// StockcastPlan") && DashboardScript.plan.contains("const StockcastPlan = (() => {"))
        #expect(DashboardScript.overview.contains("const StockcastOverview = (() => {"))
        #expect(DashboardScript.charts.contains("const StockcastCharts = (() => {"))
        #expect(DashboardScript.page.contains("const P = StockcastPlan, O = StockcastOverview;"))
    }

    @Test func pageWithoutProductsSaysSo() throws {
        let html = try XMLNode.parse(Self.page([]))
        #expect(try #require(html.all.first { $0["id"] == "product-name" }).allText == "No products yet")
        #expect(try Self.rows(html).isEmpty)
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
        #expect(html.elements("script").map { $0["id"] } == ["stockcast-data"] + DashboardScript.all.map(\.0))
        #expect(html.all.allSatisfy { $0.name != "svg" || $0["onload"] == nil })
        let rows = try Self.rows(html)
        #expect(rows.map { $0[0] as? String } == ids)
        #expect(rows.map { $0[1] as? String } == ids.map(SafeFileName.encode), "every id's folder is its encoding")
        let banner = try #require(html.all.first { $0["class"] == "banner" })
        #expect(banner.elements("strong").first?.allText == "</main>bad&file.csv" && banner.allText.contains("line 3: <b>"))
        // The product data files: JSON whose strings hold the ids as they are, charts well-formed.
        for r in reports {
            let p = try #require(try JSONSerialization.jsonObject(with: Data(try Self.productData(r).utf8)) as? [String: Any])
            #expect(p["id"] as? String == r.product)
            let script = String(decoding: Rendering.dashboardData(r), as: UTF8.self)
            #expect(!script.contains("<") && !script.contains("\u{2028}"), "markup and line separators escaped")
            for chart in try #require(p["charts"] as? [[String: String]]) {
                let svg = try XMLNode.parse(try #require(chart["wide"]))
                #expect(svg.all.allSatisfy { $0["onload"] == nil } && svg.elements("script").isEmpty)
            }
        }
    }
}
