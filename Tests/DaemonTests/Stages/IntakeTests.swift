import Foundation
import Logging
import Reports
import StockcastCore
import StockcastTesting
import Store
import Testing

@testable import Daemon

/// The intake stage on its own: a claimed file in, a ledger row, cells and a moved file out.
@Suite struct IntakeTests {
    static func stage(_ settings: DaemonSettings) throws -> (Intake, Inbox, StockcastDatabase) {
        let inbox = Inbox(root: settings.inbox)
        try inbox.prepare()
        let database = try StockcastDatabase(path: settings.databasePath)
        return (Intake(inbox: inbox, outbox: Outbox(root: settings.outbox), database: database, logger: quietLogger), inbox, database)
    }

    @Test func anAcceptedFileIsRecordedWithItsCellsAndArchived() throws {
        let (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (intake, inbox, database) = try Self.stage(settings)
        try write(seedCSV(days: 3), to: inbox.work + "/1-a.csv")
        let outcome = try intake.take(workName: "1-a.csv", name: "a.csv", key: "a.csv", received: .now(), settings: settings)
        #expect(outcome.status == .accepted && outcome.rows == 6 && outcome.products == 2 && outcome.destination == "archive/a.csv")
        #expect(try database.history(product: "P1")?.count == 3)
        #expect(try database.entry(workName: "1-a.csv")?.settled == true)
        #expect(FileManager.default.fileExists(atPath: settings.inbox + "/archive/a.csv"))
    }

    @Test func aRejectedFileAppliesNothingAndItsReportNamesLineAndColumn() throws {
        let (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (intake, inbox, database) = try Self.stage(settings)
        try write("Date,Product_ID,Sales\n2024-01-01,P1,3\n2024-01-02,P1,x\n", to: inbox.work + "/1-b.csv")
        let outcome = try intake.take(workName: "1-b.csv", name: "b.csv", key: "b.csv", received: .now(), settings: settings)
        #expect(outcome.status == .rejected && outcome.destination == "rejected/b.csv")
        #expect(outcome.error?.hasPrefix("b.csv line 3, column Sales") == true, "\(outcome.error ?? "")")
        #expect(try database.products().isEmpty, "nothing half-applied")
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: settings.outbox + "/errors/b.csv.json")))
            as! [String: Any]
        #expect(report["line"] as? Int == 3 && report["column"] as? String == "Sales")
    }
}
