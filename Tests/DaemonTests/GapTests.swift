import Foundation
import StockcastCore
import StockcastTesting
import Store
import Testing

@testable import Daemon

/// A day no file covered is a gap (a failed export), not a day without sales.
@Suite struct GapTests {
    @Test func aDayNoFileCoveredIsNotTrainedAsZeroIsReportedAndIsFilledByALaterFile() async throws {
        let (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pipeline = try Pipeline(settings: settings, logger: quietLogger)
        // Days 0–29, then the export of days 30–32 failed, then days 33–37.
        try write(seedCSV(days: 30), to: settings.inbox + "/h1.csv")
        try write(seedCSV(days: 5, from: 33), to: settings.inbox + "/h2.csv")
        for name in ["h1.csv", "h2.csv"] { #expect(await pipeline.process(name).outcome?.status == .accepted) }
        try await pipeline.publish()

        let db = try StockcastDatabase(path: settings.databasePath)
        let h = try #require(try db.history(product: "P1"))
        #expect(h.gaps == [30, 31, 32] && h.count == 38)
        let model = try #require(try ModelFiles(root: settings.models).read(product: "P1", series: .sales))
        #expect(model.trainingRange.minimum >= 50, "the gap was not trained on as zero sales (every real day sold ≥ 50)")
        let alerts = try db.alertsInForce().filter { $0.name == .dataGap }
        #expect(alerts.map(\.subject).sorted() == ["P1", "P2"])
        #expect(alerts.first?.summary.hasPrefix("3 days without any file: 2024-01-31 to 2024-02-02") == true, "\(alerts)")
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: settings.outbox + "/products/P1/report.json")))
            as! [String: Any]
        let day = (report["history"] as! [[String: Any]]).first { $0["date"] as? String == "2024-02-01" }
        #expect(day?["sales"] is NSNull, "report.json says the day is unknown")
        let svg = try String(contentsOfFile: settings.outbox + "/products/P1/sales.svg", encoding: .utf8)
        // The actual sales line: the first path drawn in the actuals' colour.
        let actual = try #require(svg.split(separator: "\n").first { $0.hasPrefix("<path d=") && $0.contains("stroke=\"#0072B2\"") })
        let path = actual.split(separator: " d=\"").last?.prefix { $0 != "\"" } ?? ""
        #expect(path.filter { $0 == "M" }.count == 2, "the history line breaks at the gap: \(actual)")

        // The ERP re-exports the missing days, with rows for P1 only: P2 had none on those days.
        try write(seedCSV(days: 3, from: 30, products: ["P1"]), to: settings.inbox + "/fill.csv")
        #expect(await pipeline.process("fill.csv").outcome?.status == .accepted)
        #expect(try db.history(product: "P1")?.gaps == [])
        let p2 = try #require(try db.history(product: "P2"))
        #expect(p2.gaps == [] && p2.sales[30...32] == [0, 0, 0], "covered days without a row are zero")
        #expect(Set(try db.pendingSeries().map(\.product)) == ["P1", "P2"], "P2 changed too: its gap is filled")
        try await pipeline.publish()
        #expect(try db.alertsInForce().filter { $0.name == .dataGap }.isEmpty, "DataGap resolves once the days are covered")
    }
}
