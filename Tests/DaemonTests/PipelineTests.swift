import Foundation
import GRDB
import Ingest
import Reports
import StockcastCore
import Store
import Testing

@testable import Daemon

@Suite struct PipelineTests {
    @Test func filesAreAcceptedRejectedOrSkippedAsDuplicatesAndLandInTheirFolders() async throws {
        let (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pipeline = try Pipeline(settings: settings, logger: quietLogger)
        try write(seedCSV(days: 20), to: settings.inbox + "/day.csv")
        let accepted = try #require(await pipeline.process("day.csv").outcome)
        #expect(accepted.status == .accepted && accepted.destination == "archive/day.csv" && accepted.rows == 40)

        try write(seedCSV(days: 20), to: settings.inbox + "/day.csv")  // same name, same bytes
        let duplicate = try #require(await pipeline.process("day.csv").outcome)
        #expect(duplicate.status == .duplicate && duplicate.destination == "archive/day.1.csv")

        try write("Date,Product_ID,Sales\n2024-01-05,P1,-4\n", to: settings.inbox + "/bad file.csv")
        let rejected = try #require(await pipeline.process("bad file.csv").outcome)
        #expect(rejected.status == .rejected && rejected.destination == "rejected/bad file.csv")
        #expect(
            rejected.error
                == "bad file.csv line 2, column Sales: -4 is negative; sales and returns are counts of units, 0 or more (use a signed Quantity column for returns as negative numbers)"
                || rejected.error?.hasPrefix("bad file.csv line 2, column Sales: -4 is negative") == true)

        #expect(await pipeline.process("gone.csv") == .vanished, "a file that vanished is not an error")
        let fm = FileManager.default
        #expect(try fm.contentsOfDirectory(atPath: settings.inbox + "/archive").sorted() == ["day.1.csv", "day.csv"])
        #expect(try fm.contentsOfDirectory(atPath: settings.inbox + "/rejected") == ["bad file.csv"])
        #expect(try fm.contentsOfDirectory(atPath: settings.inbox + "/.work").isEmpty)
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: settings.outbox + "/errors/bad%20file.csv.json"))) as! [String: Any]
        #expect(report["line"] as? Int == 2 && report["column"] as? String == "Sales" && report["moved_to"] as? String == "inbox/rejected/bad file.csv")
        let db = try StockcastDatabase(path: settings.databasePath)
        #expect(try db.fileCounts() == [.accepted: 1, .duplicate: 1, .rejected: 1])
        #expect(try db.history(product: "P1")?.count == 20)
    }

    @Test func aRunTrainsPublishesEveryOutboxFileAndFiresAlertsOnce() async throws {
        var (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        settings.thresholds.inventorySpike = 0.5  // peak > 0.5 × mean: InventorySpike always fires
        let pipeline = try Pipeline(settings: settings, logger: quietLogger)
        try write(seedCSV(days: 30), to: settings.inbox + "/h.csv")
        _ = await pipeline.process("h.csv")
        try await pipeline.publish()
        let out = settings.outbox
        let fm = FileManager.default
        for p in ["P1", "P2"] {
            let csv = try String(contentsOfFile: out + "/products/\(p)/forecast.csv", encoding: .utf8).split(separator: "\n")
            #expect(csv.count == 31 && csv[1].hasPrefix("2024-01-31,"), "30 plan days from the day after the history")
            #expect(fm.fileExists(atPath: settings.models + "/\(p)/sales.safetensors"))
        }
        #expect(try String(contentsOfFile: out + "/summary.csv", encoding: .utf8).split(separator: "\n").count == 3)
        for p in ["P1", "P2"] {
            for chart in ["sales.svg", "returns.svg", "inventory.svg"] {
                let svg = try String(contentsOfFile: out + "/products/\(p)/\(chart)", encoding: .utf8)
                let title = svg.firstRange(of: "<title>").map { svg[$0.upperBound...].prefix { $0 != "<" } } ?? ""
                #expect(title.contains(" \(p)") && svg.hasSuffix("</svg>\n"), "\(p) \(chart): \(title)")
            }
        }
        let dashboard = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(dashboard.contains("[\"P1\",null,") && dashboard.contains("[\"P2\",null,") && dashboard.contains("InventorySpike"))
        for p in ["P1", "P2"] {
            let data = try String(contentsOfFile: out + "/products/\(p)/data.js", encoding: .utf8)
            #expect(data.contains("StockcastData.product({\"format_version\":1,\"id\":\"\(p)\""), "the page's data of \(p), with its other files")
        }
        let active = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/alerts/active.json"))) as! [String: Any]
        #expect((active["alerts"] as! [[String: Any]]).count == 2, "InventorySpike for P1 and P2")
        #expect(try fm.contentsOfDirectory(atPath: out + "/alerts/events").count == 1)
        let status = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/status.json"))) as! [String: Any]
        #expect((status["files"] as! [String: Int])["accepted"] == 1 && status["products"] as? Int == 2)

        // A day later: maintenance (a fine-tune when due), the alerts still fire and are not reported again.
        try write(seedCSV(days: 1, from: 30), to: settings.inbox + "/d31.csv")
        _ = await pipeline.process("d31.csv")
        try await pipeline.publish()
        #expect(try fm.contentsOfDirectory(atPath: out + "/alerts/events").count == 1, "no change, no event")

        // A product the page lists whose data.js is missing (an outbox of an older version) gets it
        // with the next page, even when the product did not change.
        try fm.removeItem(atPath: out + "/products/P2/data.js")
        try await pipeline.publish()
        #expect(fm.fileExists(atPath: out + "/products/P2/data.js"))
        let db = try StockcastDatabase(path: settings.databasePath)
        #expect(try db.scoredDayCount(product: "P1", series: .sales) == 1, "yesterday's forecast scored against the new actual")
        #expect(try db.pendingSeries().isEmpty && db.productsToPublish().isEmpty)
        let decision = try db.seriesStates(product: "P1")[.sales]?.decision ?? ""
        #expect(
            decision.hasPrefix("fine-tuned v1 → v2") || decision.hasPrefix("fine-tune rejected") || decision.hasPrefix("kept v1: 1 day behind"),
            "\(decision)")
    }

    /// A run killed between writing a series' new model and recording it leaves a current model
    /// the registry does not know, with the series still pending: it must not be trained again.
    @Test func aModelWrittenButNotRecordedIsRegisteredAndNotTrainedAgain() async throws {
        let (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pipeline = try Pipeline(settings: settings, logger: quietLogger)
        try write(seedCSV(days: 30), to: settings.inbox + "/h.csv")
        _ = await pipeline.process("h.csv")
        try await pipeline.publish()
        let db = try StockcastDatabase(path: settings.databasePath)
        #expect(try db.isRegistered(product: "P1", series: .sales, version: 1))
        // The state such a kill leaves: v1 on disk, not in the registry, the series pending.
        let queue = try DatabaseQueue(path: settings.databasePath)
        try await queue.write { try $0.execute(sql: "DELETE FROM model WHERE product = 'P1' AND series = 'sales'") }
        try queue.close()
        try db.markPending([("P1", .sales)])
        let files = ModelFiles(root: settings.models)
        let before = try Data(contentsOf: URL(fileURLWithPath: files.path(product: "P1", series: .sales)))

        try await pipeline.publish()
        #expect(try db.pendingSeries().isEmpty)
        #expect(try db.isRegistered(product: "P1", series: .sales, version: 1), "the written model joins the registry")
        #expect(try db.seriesStates(product: "P1")[.sales]?.decision?.hasPrefix("kept v1: written by a run stopped before recording it") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: files.path(product: "P1", series: .sales))) == before, "not trained again")
        #expect(files.keptVersionNumbers(product: "P1", series: .sales).isEmpty, "no new version")

        // With a new day it is maintained as usual (fine-tuned when due).
        try write(seedCSV(days: 1, from: 30), to: settings.inbox + "/d31.csv")
        _ = await pipeline.process("d31.csv")
        try await pipeline.publish()
        let decision = try db.seriesStates(product: "P1")[.sales]?.decision ?? ""
        #expect(
            decision.hasPrefix("fine-tuned v1 → v2") || decision.hasPrefix("fine-tune rejected") || decision.hasPrefix("kept v1: 1 day behind"),
            "\(decision)")
    }

    @Test func recoveryFinishesInterruptedFilesWithoutApplyingThemTwice() async throws {
        let (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Inbox(root: settings.inbox).prepare()
        let db = try StockcastDatabase(path: settings.databasePath)
        // Crash 1: recorded and applied, but not yet moved out of .work/.
        try write(seedCSV(days: 3), to: settings.inbox + "/.work/7-applied.csv")
        let content = try ERPFile.read(path: settings.inbox + "/.work/7-applied.csv")
        _ = try db.recordAccepted(
            ArrivingFile(
                name: "applied.csv", workName: "7-applied.csv", size: 1, sha256: "x",
                received: .now()), destination: "archive/applied.csv", rows: content.rows,
            measures: content.measures, totals: content.totals, covering: content.coveredDays)
        // Crash 2: claimed, never recorded.
        try write(seedCSV(days: 2, from: 3), to: settings.inbox + "/.work/8-claimed.csv")

        let pipeline = try Pipeline(settings: settings, logger: quietLogger)
        await pipeline.recover()
        let fm = FileManager.default
        #expect(try fm.contentsOfDirectory(atPath: settings.inbox + "/.work").isEmpty)
        #expect(try fm.contentsOfDirectory(atPath: settings.inbox + "/archive").sorted() == ["applied.csv", "claimed.csv"])
        #expect(try db.history(product: "P1")?.count == 5)
        #expect(try db.fileCounts() == [.accepted: 2])
        #expect(try db.unsettledEntries().isEmpty)
        await pipeline.recover()
        #expect(try db.fileCounts() == [.accepted: 2], "a second recovery changes nothing")
    }

    /// Regression: the rejections since the last run were kept in memory only, so a daemon that died
    /// after rejecting a file and before publishing never raised that file's `FileRejected` alert.
    @Test func aRejectionRecordedJustBeforeACrashIsAlertedByTheNextRunOnce() async throws {
        let (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let pipeline = try Pipeline(settings: settings, logger: quietLogger)
            try write("Date,Product_ID,Sales\n2024-01-05,P1,-4\n", to: settings.inbox + "/bad.csv")
            #expect(await pipeline.process("bad.csv").outcome?.status == .rejected)
            // The daemon dies here, before its next publication.
        }
        let restarted = try Pipeline(settings: settings, logger: quietLogger)
        await restarted.recover()
        #expect(try await restarted.hasPendingWork(), "the rejection waits for a publication")
        try await restarted.publish()
        func fileAlerts() throws -> [[String: String]] {
            let active =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: settings.outbox + "/alerts/active.json"))) as! [String: Any]
            return (active["alerts"] as! [[String: Any]]).compactMap { $0["labels"] as? [String: String] }
        }
        #expect(try fileAlerts().contains { $0["alertname"] == "FileRejected" && $0["file"] == "bad.csv" })
        #expect(try await !restarted.hasPendingWork())
        try await restarted.publish()
        let events = try FileManager.default.contentsOfDirectory(atPath: settings.outbox + "/alerts/events")
        #expect(events.count == 1, "reported once when it started firing, not again")
        #expect(try fileAlerts().contains { $0["alertname"] == "FileRejected" && $0["file"] == "bad.csv" }, "still in force")
    }

    @Test func onlyCompleteCSVFilesAreCandidates() throws {
        for name in ["a.csv", "B.CSV", "x y.Csv"] { #expect(Inbox.accepts(name)) }
        for name in [".a.csv", "a.csv.tmp", "a.csv.part", "a.csv~", "a.txt", "a.csv.partial", "csv"] { #expect(!Inbox.accepts(name)) }
        #expect(Inbox.originalName(ofWorkName: "123-a-b.csv") == "a-b.csv")
    }
}
