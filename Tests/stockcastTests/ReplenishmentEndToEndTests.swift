import Foundation
import StockcastTesting
import Testing

/// The real binary on the seed's history with a product master, a stock snapshot and an open order.
@Suite struct ReplenishmentEndToEndTests {
    /// No LSTM (a statistical method serves every series): the test is about what comes after the forecast.
    static let config = #"{"training": {"minimumExtraDays": 1000000}}"#

    /// orders.csv as rows of named fields (the reason may hold commas: RFC 4180 quotes).
    static func orders(_ path: String) -> [[String: String]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var lines = text.split(separator: "\n").map(String.init)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        return lines.map { line in
            var fields: [String] = [], field = "", quoted = false
            for c in line {
                if c == "\"" {
                    quoted.toggle()
                } else if c == "," && !quoted {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(c)
                }
            }
            fields.append(field)
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
    }

    static func activeAlerts(_ outbox: String) -> [(name: String, product: String)] {
        guard let data = FileManager.default.contents(atPath: outbox + "/alerts/active.json"),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let alerts = json["alerts"] as? [[String: Any]]
        else { return [] }
        return alerts.compactMap { a in
            guard let labels = a["labels"] as? [String: String], let name = labels["alertname"] else { return nil }
            return (name, labels["product"] ?? "")
        }
    }

    @Test func ordersRespectMOQPackSizeAndLeadTimeCountOpenOrdersAndSkipOverstock() throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inbox = dir + "/inbox", outbox = dir + "/outbox"
        try Self.config.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        // The seed's history: P001–P005, 2023-01-01 to 2024-12-30.
        let generated = try CommandLineTests.run(["generate", "--out", inbox + "/seed.csv"], in: dir)
        #expect(generated.status == 0, "\(generated.errors)")
        let first = try CommandLineTests.run(["run", "--once"], in: dir)
        #expect(first.status == 0, "\(first.errors)")
        // Without stock data every product keeps the seed's plan: no orders, no stock chart.
        #expect(!FileManager.default.fileExists(atPath: outbox + "/orders.csv"))
        #expect(!FileManager.default.fileExists(atPath: outbox + "/products/P001/stock.svg"))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: outbox + "/products/P001/report.json"))) as? [String: Any]
        let off = report?["replenishment"] as? [String: Any]
        #expect(off?["status"] as? String == "off")
        #expect((off?["reason"] as? String)?.hasPrefix("no stock snapshot") == true)

        try """
        product_id;lead_time_days;moq;pack_size
        P001;7;500;24
        P004;10;;50
        """.write(toFile: inbox + "/master.csv", atomically: true, encoding: .utf8)
        try """
        Datum;Artikel;Bestand
        30.12.2024;P001;0
        30.12.2024;P003;100000
        30.12.2024;P004;200
        """.write(toFile: inbox + "/stock.csv", atomically: true, encoding: .utf8)
        try """
        sku,eta,open_qty,po_number
        P004,2025-01-04,150,PO-77
        """.write(toFile: inbox + "/open-orders.csv", atomically: true, encoding: .utf8)
        let second = try CommandLineTests.run(["run", "--once"], in: dir)
        #expect(second.status == 0, "\(second.errors)")
        #expect(FileManager.default.fileExists(atPath: inbox + "/archive/stock.csv"))

        let rows = Self.orders(outbox + "/orders.csv")
        #expect(rows.map { $0["product_id"] } == ["P001", "P004"], "\(rows)")
        for row in rows {
            let quantity = Double(row["quantity"] ?? "") ?? -1
            let position = Double(row["inventory_position"] ?? "") ?? .nan, upTo = Double(row["order_up_to"] ?? "") ?? .nan
            #expect(row["order_date"] == "2024-12-31")
            #expect(position <= Double(row["reorder_point"] ?? "") ?? .nan)
            if row["product_id"] == "P001" {
                // MOQ 500 and packs of 24, lead time 7 days.
                #expect(quantity >= 500 && quantity.truncatingRemainder(dividingBy: 24) == 0, "\(quantity)")
                #expect(quantity - (upTo - position) < 24 || quantity < 500 + 24)
                #expect(row["arrival_date"] == "2025-01-07")
                #expect(row["on_hand"] == "0.00")
                #expect(row["projected_stockout_date"] == "2024-12-31")
            } else {
                // Packs of 50 (MOQ from the configuration: none), lead time 10 days; the open order
                // of 150 due within lead time + review counts in the position.
                #expect(quantity.truncatingRemainder(dividingBy: 50) == 0 && quantity >= upTo - position && quantity - (upTo - position) < 50)
                #expect(row["arrival_date"] == "2025-01-10")
                #expect(row["on_hand"] == "200.00")
                #expect(row["on_order"] == "150.00")
                #expect(row["inventory_position"] == "350.00")
            }
        }
        let alerts = Self.activeAlerts(outbox)
        #expect(alerts.contains { $0.name == "StockoutRisk" && $0.product == "P001" }, "\(alerts)")
        #expect(alerts.contains { $0.name == "Overstock" && $0.product == "P003" }, "\(alerts)")
        #expect(!alerts.contains { $0.product == "P002" && ["StockoutRisk", "Overstock", "BelowSafetyStock"].contains($0.name) })
        #expect(FileManager.default.fileExists(atPath: outbox + "/products/P001/stock.svg"))
        #expect(!FileManager.default.fileExists(atPath: outbox + "/products/P002/stock.svg"))
    }

    @Test func aBadStockFileIsRejectedWholeWithLineAndColumn() throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inbox = dir + "/inbox", outbox = dir + "/outbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try "date,product_id,on_hand\n2024-12-30,P001,12\n2024-12-30,P002,lots\n".write(
            toFile: inbox + "/stock.csv", atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(["run", "--once"], in: dir)
        #expect(run.status == 0, "\(run.errors)")
        #expect(FileManager.default.fileExists(atPath: inbox + "/rejected/stock.csv"))
        let error = try String(contentsOfFile: outbox + "/errors/stock.csv.json", encoding: .utf8)
        #expect(error.contains("\"line\" : 3") || error.contains("\"line\": 3"), "\(error)")
        #expect(error.contains("on_hand"))
        #expect(Self.activeAlerts(outbox).contains { $0.name == "FileRejected" })
    }
}
