import Foundation
import GRDB
import StockcastCore
import StockcastTesting
import Store
import Testing

@testable import Daemon

/// Files take effect in the order they were claimed, even when the store fails for a while.
@Suite struct IntakeOrderTests {
    static func day(_ value: Int) -> String { "Date,Product_ID,Sales,Returns\n2024-01-01,P1,\(value),0\n" }

    @Test func aFileThatCannotBeStoredIsRetriedBeforeAnyLaterFileAndNeverAppliedOverIt() async throws {
        var (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        settings.databaseBusySeconds = 0.1
        let pipeline = try Pipeline(settings: settings, logger: quietLogger)
        try write(Self.day(3), to: settings.inbox + "/first.csv")
        #expect(await pipeline.process("first.csv").outcome?.status == .accepted)

        // Another process holds the database (a backup, an sqlite3 shell).
        let other = try DatabaseQueue(path: settings.databasePath)
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        Thread {
            try? other.inTransaction(.exclusive) { _ in
                locked.signal()
                release.wait()
                return .rollback
            }
            locked.signal()
        }.start()
        locked.wait()
        try write(Self.day(5), to: settings.inbox + "/a.csv")
        guard case .blocked = await pipeline.process("a.csv") else {
            Issue.record("a file the store refuses is not taken")
            return
        }
        // The ERP's later correction of the same cell arrives: it waits behind a.csv.
        try write(Self.day(7), to: settings.inbox + "/b.csv")
        guard case .blocked = await pipeline.process("b.csv") else {
            Issue.record("a later file must not be taken before the earlier one is stored")
            return
        }
        #expect(FileManager.default.fileExists(atPath: settings.inbox + "/b.csv"), "not claimed while a.csv waits")
        #expect(await pipeline.stuck?.contains("a.csv") == true)

        release.signal()
        locked.wait()  // the other process has let go
        #expect(await pipeline.recover(), "the retry stores a.csv")
        #expect(await pipeline.process("b.csv").outcome?.status == .accepted)

        // A restart finds nothing left to apply: the correction stands.
        let restarted = try Pipeline(settings: settings, logger: quietLogger)
        #expect(await restarted.recover())
        let db = try StockcastDatabase(path: settings.databasePath)
        #expect(try db.history(product: "P1")?.sales == [7], "the later correction wins")
        #expect(try FileManager.default.contentsOfDirectory(atPath: settings.inbox + "/archive").sorted() == ["a.csv", "b.csv", "first.csv"])
    }
}
