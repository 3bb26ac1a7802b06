import Foundation
import Planning
import StockcastCore
import Testing

@testable import Reports

@Suite struct ReplenishmentRenderingTests {
    /// `sampleReport` with replenishment on: `onHand` units on the first forecast day, lead time
    /// 7 days, review 1, packs of 12, an open order of 50 due on day 3.
    static func report(_ product: String, onHand: Double, seed: UInt64 = 1) throws -> ProductReport {
        var r = try sampleReport(product: product, seed: seed)
        var parameters = ReplenishmentParameters(leadTimeDays: 7, reviewDays: 1, serviceLevel: 0.95, moq: 0, packSize: 12)
        parameters.packSize.source = .productMaster
        let plan = try Replenisher.plan(
            forecast: r.forecast, uncertainty: r.uncertainty,
            stock: StockPosition(onHand: onHand, openOrders: [OpenOrder(orderID: "PO,1", due: r.forecast[3].day, quantity: 50)]),
            orderDate: r.forecast[0].day, parameters: parameters, horizon: 30)
        r.replenishment = .on(plan)
        return r
    }

    @Test func ordersCSVListsTheProposalsMostUrgentFirstWithTheirFigures() throws {
        // P-late runs out later than P-soon; P-full orders nothing; P-off has no stock data.
        let reports = [
            try Self.report("P-late", onHand: 600), try Self.report("P-soon", onHand: 100), try Self.report("P-full", onHand: 5000),
            try sampleReport(product: "P-off"),
        ]
        let lines = String(decoding: Rendering.ordersCSV(reports), as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines[0] == Rendering.orderColumns.joined(separator: ","))
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("P-soon,2024-12-31,"))
        #expect(lines[2].hasPrefix("P-late,2024-12-31,"))
        let soon = try #require(reports[1].replenishment.plan?.proposal)
        #expect(soon.quantity.truncatingRemainder(dividingBy: 12) == 0)
        let fields = lines[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(fields[2] == Substring(Rendering.decimal(soon.quantity)))
        #expect(fields[3] == "2025-01-07", "order date + 7 days")
        #expect(fields[4] == "100.00" && fields[5] == "50.00" && fields[6] == "150.00")
        #expect(lines[1].hasSuffix("\"" + soon.reason + "\""), "the reason holds commas: quoted")
    }

    @Test func reportJSONSaysWhetherReplenishmentIsOnWithItsParametersAndSources() throws {
        let on = try JSONSerialization.jsonObject(with: Data(Rendering.reportJSON(try Self.report("P1", onHand: 100), generatedAt: Timestamp(seconds: 0))))
        let r = try #require((on as? [String: Any])?["replenishment"] as? [String: Any])
        #expect(r["status"] as? String == "on")
        let parameters = try #require(r["parameters"] as? [String: [String: Any]])
        #expect(parameters["pack_size"]?["source"] as? String == "product_master")
        #expect(parameters["lead_time_days"]?["source"] as? String == "configuration")
        #expect(parameters["lead_time_days"]?["value"] as? Int == 7)
        #expect((r["proposals"] as? [Any])?.count == 1)
        let projected = try #require(r["projected"] as? [[String: Any]])
        #expect(projected.count == 30)
        #expect(projected[3]["arriving"] as? Double == 50)
        let off = try JSONSerialization.jsonObject(with: Data(Rendering.reportJSON(try sampleReport(), generatedAt: Timestamp(seconds: 0))))
        let o = try #require((off as? [String: Any])?["replenishment"] as? [String: Any])
        #expect(o["status"] as? String == "off")
        #expect(o["reason"] as? String == ReplenishmentStatus.noStock)
    }

    @Test func stockChartDrawsTheProjectionAndMarksTheArrivalAndTheStockOut() throws {
        let svg = String(decoding: try #require(Rendering.stockChart(try Self.report("P1", onHand: 100))), as: UTF8.self)
        let doc = try XMLNode.parse(svg)
        #expect(doc.elements("path").filter { !($0["d"] ?? "").isEmpty }.count >= 4, "reorder point, safety stock, with and without the order")
        #expect(svg.contains("Order arrives") && svg.contains("Stock-out"))
        #expect(Rendering.stockChart(try sampleReport()) == nil, "no chart when replenishment is off")
    }

    @Test func dashboardListsTheProposalsAndEachProductsDataCarriesItsStockChart() throws {
        let reports = [try Self.report("P-late", onHand: 600), try Self.report("P-soon", onHand: 100), try sampleReport(product: "P-off")]
        let page = DashboardTests.page(reports)
        let html = try XMLNode.parse(page)
        let rows = try #require(html.all.first { $0["id"] == "orders-body" }).elements("tr")
        #expect(rows.map { $0["data-index"] } == ["1", "0"], "most urgent first, each choosing its product")
        #expect(try DashboardTests.data(html)["replenishment"] as? Bool == true)
        // The projected stock is in the product's data.js, not in the page.
        #expect(!page.contains("<template") && !page.contains("id=\"chart-stock\""))
        let on = try #require(try JSONSerialization.jsonObject(with: Data(try DashboardTests.productData(reports[0]).utf8)) as? [String: Any])
        let charts = try #require(on["charts"] as? [[String: String]])
        #expect(charts.map { $0["kind"] } == ["sales", "returns", "inventory", "stock"])
        let stock = try #require(charts.last)
        #expect(try XMLNode.parse(try #require(stock["wide"]))["class"] == "wide")
        #expect(try XMLNode.parse(try #require(stock["compact"]))["class"] == "compact")
        #expect(on["stock_off"] is NSNull)
        let off = try #require(try JSONSerialization.jsonObject(with: Data(try DashboardTests.productData(reports[2]).utf8)) as? [String: Any])
        #expect((off["charts"] as? [[String: String]])?.map { $0["kind"] } == ["sales", "returns", "inventory"])
        #expect(off["stock_off"] as? String == ReplenishmentStatus.noStock)
        // Without stock data the page has no orders panel.
        let plain = try XMLNode.parse(DashboardTests.page([try sampleReport()]))
        #expect(!plain.all.contains { $0["id"] == "orders-body" })
        #expect(try DashboardTests.data(plain)["replenishment"] as? Bool == false)
    }
}
