import Foundation
import Planning
import Reports
import StockcastCore
import StockcastTesting
import Testing

@Suite struct RenderingTests {
    static func report(alerts: [ActiveAlert] = []) -> ProductReport {
        let start = Day(iso: "2025-01-01")!
        let forecast = (0..<90).map { DayFigures(day: start.advanced(by: $0), sales: 100 + Double($0 % 7), returns: 10.5) }
        let plan = Planner.plan(forecast, horizon: 30, safetyFactor: 1.2)
        let history = (1...90).map { DayFigures(day: start.advanced(by: -$0), sales: 90, returns: 9) }.reversed()
        let uncertainty = forecast.map { DayUncertainty(day: $0.day, salesSD: 3, returnsSD: 4) }
        return ProductReport(
            product: "a,b", dataThrough: start.advanced(by: -1), history: Array(history), forecast: forecast,
            uncertainty: uncertainty, plan: plan,
            sales: ModelInfo(source: "lstm", version: 3, trainedThrough: start.advanced(by: -1), validationMAE: 12.3456, decision: "fine-tuned"),
            returns: ModelInfo(source: "seasonal_naive", version: nil, trainedThrough: nil, validationMAE: nil, decision: "fallback"),
            salesAccuracy: LiveAccuracy(days: 0, mae7: nil, mae30: nil, bias7: nil, bias30: nil),
            returnsAccuracy: LiveAccuracy(days: 3, mae7: 1.5, mae30: 1.5, bias7: -0.5, bias30: -0.5), alerts: alerts)
    }

    @Test func forecastCSVAndReportJSONCarryTheSameNumbers() throws {
        let r = Self.report()
        let csv = String(decoding: Rendering.forecastCSV(r.plan, uncertainty: r.uncertainty), as: UTF8.self).split(separator: "\n")
        #expect(
            csv.first
                == "date,forecast_sales,forecast_returns,net_demand,recommended_inventory,sales_lo80,sales_hi80,sales_lo95,sales_hi95,returns_lo80,returns_hi80,returns_lo95,returns_hi95"
        )
        #expect(csv.count == 31)
        // Sales 100 ± 1.2816·3 = 3.84 and ± 1.96·3 = 5.88; returns 10.5 ± 1.2816·4 = 5.13 and ± 1.96·4 = 7.84.
        #expect(csv[1] == "2025-01-01,100.00,10.50,89.50,107.40,96.16,103.84,94.12,105.88,5.37,15.63,2.66,18.34")
        let json = try JSONSerialization.jsonObject(with: Data(Rendering.reportJSON(r, generatedAt: Timestamp(seconds: 0)))) as! [String: Any]
        let rows = json["forecast"] as! [[String: Any]]
        #expect(rows.count == 30)
        for (row, line) in zip(rows, csv.dropFirst()) {
            let cells = line.split(separator: ",").map(String.init)
            #expect(row["date"] as? String == cells[0])
            #expect(String(format: "%.2f", row["recommended_inventory"] as! Double) == cells[4])
            #expect(String(format: "%.2f", row["sales_lo95"] as! Double) == cells[7] && String(format: "%.2f", row["returns_hi80"] as! Double) == cells[10])
        }
        #expect((json["forecast_90"] as! [Any]).count == 90 && (json["history"] as! [Any]).count == 90)
        #expect(json["generated_at"] as? String == "1970-01-01T00:00:00.000Z")
        let models = json["models"] as! [String: [String: Any]]
        #expect(models["sales"]?["version"] as? Int == 3 && models["returns"]?["source"] as? String == "seasonal_naive")
        #expect(models["returns"]?["version"] is NSNull)
    }

    @Test func seedPlanReportNamesItsPolicy() throws {
        let json = try JSONSerialization.jsonObject(with: Data(Rendering.reportJSON(Self.report(), generatedAt: Timestamp(seconds: 0)))) as! [String: Any]
        #expect(json["safety_factor"] as? Double == 1.2)
        let policy = json["policy"] as! [String: Any]
        #expect(policy["kind"] as? String == "safety_factor" && policy["safety_factor"] as? Double == 1.2)
        #expect((json["forecast"] as! [[String: Any]])[0]["safety_stock"] == nil)
    }

    @Test func serviceLevelPlanAddsSafetyStockReorderPointAndOrderUpToColumns() throws {
        var r = Self.report()
        let uncertainty = r.forecast.map { DayUncertainty(day: $0.day, salesSD: 3, returnsSD: 4) }
        let policy = InventoryPolicy.serviceLevel(target: 0.95, leadTimeDays: 2, reviewDays: 1)
        r.plan = try Planner.plan(r.forecast, uncertainty: uncertainty, horizon: 30, policy: policy)
        let csv = String(decoding: Rendering.forecastCSV(r.plan, uncertainty: uncertainty), as: UTF8.self).split(separator: "\n")
            .map { $0.split(separator: ",").enumerated().filter { !(5..<13).contains($0.offset) }.map(\.element).joined(separator: ",") }
        #expect(csv.first == "date,forecast_sales,forecast_returns,net_demand,recommended_inventory,safety_stock,reorder_point,order_up_to")
        #expect(csv.count == 31)
        // Net 89.5, 90.5, 91.5 on the first days, σ 5: recommended 89.5 + 5z, SS z·√50, ROP 180 + SS, S 271.5 + z·√75.
        #expect(csv[1] == "2025-01-01,100.00,10.50,89.50,97.72,11.63,191.63,285.74")
        let json = try JSONSerialization.jsonObject(with: Data(Rendering.reportJSON(r, generatedAt: Timestamp(seconds: 0)))) as! [String: Any]
        #expect(json["safety_factor"] is NSNull)
        let p = json["policy"] as! [String: Any]
        #expect(p["kind"] as? String == "service_level" && p["service_level"] as? Double == 0.95)
        #expect(p["lead_time_days"] as? Int == 2 && p["review_days"] as? Int == 1)
        #expect(abs((p["z"] as? Double ?? 0) - 1.6448536269514722) < 1e-12, "\(p["z"] ?? "nil")")
        let row = (json["forecast"] as! [[String: Any]])[0]
        #expect(row["safety_stock"] as? Double == 11.63 && row["reorder_point"] as? Double == 191.63 && row["order_up_to"] as? Double == 285.74)
    }

    @Test func intervalLowerBoundsAreClampedAtZeroAndMissingSDsLeaveTheCellsEmpty() throws {
        let start = Day(iso: "2025-01-01")!
        let forecast = [DayFigures(day: start, sales: 2, returns: 1), DayFigures(day: start.advanced(by: 1), sales: 2, returns: 1)]
        let plan = Planner.plan(forecast, horizon: 7, safetyFactor: 1.0)
        let csv = String(
            decoding: Rendering.forecastCSV(plan, uncertainty: [DayUncertainty(day: start, salesSD: 10, returnsSD: 0)]),
            as: UTF8.self
        ).split(separator: "\n", omittingEmptySubsequences: false)
        // 2 − 1.28·10 < 0 → 0; returns sd 0 → the interval is the forecast itself.
        #expect(csv[1] == "2025-01-01,2.00,1.00,1.00,1.00,0.00,14.82,0.00,21.60,1.00,1.00,1.00,1.00")
        #expect(csv[2] == "2025-01-02,2.00,1.00,1.00,1.00,,,,,,,,", "a day without an sd has no interval")
    }

    /// Calibrated intervals are written as they are: asymmetric, not forecast ± z·sd.
    @Test func calibratedIntervalsAreWrittenAsTheyAre() throws {
        let start = Day(iso: "2025-01-01")!
        let plan = Planner.plan([DayFigures(day: start, sales: 2, returns: 1)], horizon: 7, safetyFactor: 1.0)
        let u = DayUncertainty(day: start, salesSD: 10, returnsSD: 1, intervals: [0, 3.5, 0, 7.25, 0.5, 1.75, 0, 2])
        let csv = String(decoding: Rendering.forecastCSV(plan, uncertainty: [u]), as: UTF8.self).split(separator: "\n")
        #expect(csv[1] == "2025-01-01,2.00,1.00,1.00,1.00,0.00,3.50,0.00,7.25,0.50,1.75,0.00,2.00")
        #expect(DayUncertainty(day: start, salesSD: 1, returnsSD: 1, intervals: [1, 2]).intervals == nil, "eight bounds or none")
    }

    @Test func alertPayloadsHaveTheAlertmanagerWebhookShape() throws {
        let a = ActiveAlert(fingerprint: "00ff00ff00ff00ff", name: .highReturnRate, subject: "P1", summary: "rate 20 %", startsAt: 86_400)
        let payload = try JSONSerialization.jsonObject(with: Data(Rendering.alertPayload(firing: [a], resolved: []))) as! [String: Any]
        #expect(payload["version"] as? String == "4" && payload["status"] as? String == "firing")
        let alert = (payload["alerts"] as! [[String: Any]])[0]
        #expect(alert["status"] as? String == "firing" && alert["fingerprint"] as? String == a.fingerprint)
        #expect((alert["labels"] as! [String: String]) == ["alertname": "HighReturnRate", "product": "P1", "severity": "warning"])
        #expect((alert["annotations"] as! [String: String])["action"] == "Investigate quality issues")
        #expect(alert["startsAt"] as? String == "1970-01-02T00:00:00.000Z" && alert["endsAt"] as? String == "0001-01-01T00:00:00Z")
        let resolved =
            try JSONSerialization.jsonObject(with: Data(Rendering.alertPayload(firing: [], resolved: [ResolvedAlert(alert: a, endsAt: 90_000)])))
            as! [String: Any]
        #expect(resolved["status"] as? String == "resolved")
        #expect((resolved["alerts"] as! [[String: Any]])[0]["endsAt"] as? String == "1970-01-02T01:00:00.000Z")
        #expect(
            payload["commonLabels"] as? [String: String] == ["alertname": "HighReturnRate", "product": "P1", "severity": "warning"],
            "one alert: all its labels are common")
    }

    @Test func commonLabelsAreThoseAllAlertsShareAndEachAlertLinksToWhatItIsAbout() throws {
        let p1 = ActiveAlert(fingerprint: "1", name: .highReturnRate, subject: "P1", summary: "rate 20 %", startsAt: 0)
        let p2 = ActiveAlert(fingerprint: "2", name: .highReturnRate, subject: "a/b", summary: "rate 30 %", startsAt: 0)
        let file = ActiveAlert(fingerprint: "3", name: .fileRejected, subject: "bad.csv", summary: "x", startsAt: 0)
        func payload(_ firing: [ActiveAlert], _ resolved: [ResolvedAlert] = []) throws -> [String: Any] {
            try JSONSerialization.jsonObject(
                with: Data(
                    Rendering.alertPayload(
                        firing: firing, resolved: resolved,
                        outboxURL: "file:///srv/outbox/"))) as! [String: Any]
        }
        let two = try payload([p1], [ResolvedAlert(alert: p2, endsAt: 5)])
        #expect(two["commonLabels"] as? [String: String] == ["alertname": "HighReturnRate", "severity": "warning"])
        #expect((two["commonAnnotations"] as? [String: String])?["action"] == "Investigate quality issues")
        #expect(try payload([p1, file])["commonLabels"] as? [String: String] == [:], "nothing shared by a product and a file alert")
        #expect(try payload([])["commonLabels"] as? [String: String] == [:])
        let links = (try payload([p1, p2, file])["alerts"] as! [[String: Any]]).map { $0["generatorURL"] as? String }
        #expect(
            links == [
                "file:///srv/outbox/products/P1/report.json", "file:///srv/outbox/products/a%2Fb/report.json",
                "file:///srv/outbox/errors/bad.csv.json",
            ])
        #expect(try payload([p1])["externalURL"] as? String == "file:///srv/outbox/index.html")
    }

    @Test func summaryQuotesProductsAndListsAlerts() {
        let a = ActiveAlert(fingerprint: "1", name: .inventorySpike, subject: "a,b", summary: "", startsAt: 0)
        let lines = String(decoding: Rendering.summaryCSV([Self.report(alerts: [a])]), as: UTF8.self).split(separator: "\n")
        #expect(lines[0] == "product,data_through,sales_model,returns_model,avg_forecast_sales,avg_forecast_returns,return_rate,recommended_inventory,alerts")
        #expect(lines[1].hasPrefix("\"a,b\",2024-12-31,lstm v3,seasonal_naive,"))
        #expect(lines[1].hasSuffix(",InventorySpike"))
    }

    @Test func outboxPathsNeverLeaveTheOutbox() throws {
        #expect(Outbox.productFile("../../etc", "report.json") == "products/%2E.%2F..%2Fetc/report.json")
        #expect(Outbox.errorFile("bad\nname.csv") == "errors/bad%0Aname.csv.json")
        let root = Scratch.path("outbox")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let outbox = Outbox(root: root)
        try outbox.publish(Outbox.productFile("../x", "forecast.csv"), Array("a\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/products") == ["%2E.%2Fx"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/products/%2E.%2Fx") == ["forecast.csv"])
    }
}
