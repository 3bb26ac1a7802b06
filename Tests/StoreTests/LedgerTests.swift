import Foundation
import GRDB
import StockcastCore
import StockcastTesting
import Store
import Testing

@Suite struct LedgerTests {
    static func database() throws -> (StockcastDatabase, String) {
        let dir = Scratch.path("db")
        return (try StockcastDatabase(path: dir + "/models/stockcast.sqlite"), dir)
    }

    static func arriving(_ name: String, sha: String) -> ArrivingFile {
        ArrivingFile(name: name, workName: "\(sha)-\(name)", size: 10, sha256: sha, received: Timestamp(seconds: 1000))
    }

    /// Records an accepted file `name` whose data rows are `rows` (product, ISO day, sales,
    /// returns), carrying `measures`; the cells are its daily totals.
    static func accept(
        _ db: StockcastDatabase, _ name: String, sha: String, _ measures: Set<SeriesKind>,
        _ rows: [(String, String, Double, Double)]
    ) throws -> AppliedFile {
        var totals: [String: [Day: DailyCell]] = [:]
        for (product, day, sales, returns) in rows {
            totals[product, default: [:]][Day(iso: day)!] = DailyCell(sales: sales, returns: returns)
        }
        let days = rows.map { Day(iso: $0.1)! }
        return try db.recordAccepted(
            arriving(name, sha: sha), destination: "archive/\(name)", rows: rows.count, measures: measures,
            totals: totals, covering: days.min().map { $0...days.max()! })
    }

    @Test func cellsAreReplacedPerMeasureWithProvenanceAndChangesMarkSeriesPending() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let d1 = Day(iso: "2024-01-01")!, d3 = Day(iso: "2024-01-03")!
        let first = try Self.accept(db, "a.csv", sha: "1", [.sales, .returns], [("A", "2024-01-01", 10, 1), ("A", "2024-01-03", 30, 3)])
        #expect(first.changed == ["A": [.sales, .returns]])
        #expect(first.entry.cells == 4 && first.entry.rows == 2 && first.entry.status == .accepted)
        let h = try #require(try db.history(product: "A"))
        #expect(h.start == d1 && h.sales == [10, 0, 30] && h.returns == [1, 0, 3], "a day without a row is zero")
        #expect(try db.pendingSeries().map { "\($0.product) \($0.series)" } == ["A returns", "A sales"])

        // A sales-only re-export corrects day 3 and leaves returns alone.
        let second = try Self.accept(db, "b.csv", sha: "2", [.sales], [("A", "2024-01-03", 33, 0), ("A", "2024-01-01", 10, 0)])
        #expect(second.changed == ["A": [.sales]], "only the changed cell counts")
        #expect(second.entry.cells == 1)
        let h2 = try #require(try db.history(product: "A"))
        #expect(h2.sales == [10, 0, 33] && h2.returns == [1, 0, 3])
        let source = try #require(try db.provenance(product: "A", day: d3))
        #expect(source.sales == second.entry.id && source.returns == first.entry.id)
    }

    @Test func forecastsAreScoredWhenTheirActualsArrive() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let start = Day(iso: "2024-02-01")!
        try db.saveForecasts([
            ForecastRecord(
                product: "A", series: .sales, start: start, values: [100, 110, 120], sd: [5, 6, 7], method: "lstm", madeThrough: start.advanced(by: -1))
        ])
        _ = try Self.accept(db, "a.csv", sha: "1", [.sales], [("A", "2024-02-01", 90, 0), ("A", "2024-02-02", 115, 0)])
        let scored = try db.scoredDays(product: "A", series: .sales)
        #expect(scored.map(\.day) == [start.advanced(by: 1), start], "newest first")
        #expect(scored.map(\.forecast) == [110, 100] && scored.map(\.actual) == [115, 90])
        #expect(scored.map(\.madeThrough) == [start.advanced(by: -1), start.advanced(by: -1)])
        #expect(try db.forecast(product: "A", series: .sales)?.sd == [5, 6, 7], "the error sds are stored with the forecast")
        #expect(try db.scoredDays(product: "A", series: .returns).isEmpty, "a sales-only file scores no returns")
    }

    @Test func maintenanceRecordsAndForecastsOfManySeriesAreStored() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.accept(db, "a.csv", sha: "1", [.sales, .returns], [("A", "2024-02-01", 10, 1), ("B", "2024-02-01", 20, 2)])
        #expect(try db.pendingSeries().count == 4)
        let end = Day(iso: "2024-02-01")!
        let records = [("A", SeriesKind.sales), ("A", .returns), ("B", .sales), ("B", .returns)].map { product, series in
            MaintenanceRecord(
                product: product, series: series, decision: "\(product) \(series) fine-tuned",
                registered: series == .sales
                    ? [
                        ModelRecord(
                            product: product, series: series, version: 2, parentVersion: 1,
                            trainedThrough: end, validationMAE: 1.5, decision: "fine-tuned")
                    ] : [])
        }
        for record in records { try db.recordMaintenance(record, at: Timestamp(seconds: 2000)) }
        #expect(try db.pendingSeries().isEmpty, "every series is up to date")
        #expect(try db.seriesStates(product: "B")[.returns]?.decision == "B returns fine-tuned")
        let registry = try DatabaseQueue(
            path: db.path,
            configuration: {
                var c = Configuration()
                c.readonly = true
                return c
            }())
        let versions = try registry.read { try Row.fetchAll($0, sql: "SELECT product, series, version, parent_version FROM model ORDER BY product, series") }
        #expect(
            versions.map { "\($0["product"] as String) \($0["series"] as String) v\($0["version"] as Int) ← v\($0["parent_version"] as Int)" }
                == ["A sales v2 ← v1", "B sales v2 ← v1"], "the new versions join the registry")
        #expect(try db.isRegistered(product: "A", series: .sales, version: 2))
        #expect(try !db.isRegistered(product: "A", series: .sales, version: 1) && !db.isRegistered(product: "A", series: .returns, version: 2))

        let start = end.advanced(by: 1)
        try db.saveForecasts(
            records.map { r in
                ForecastRecord(
                    product: r.product, series: r.series, start: start, values: [r.product == "A" ? 10 : 20, 30],
                    sd: [1, 2], method: "lstm", madeThrough: end)
            })
        try db.saveForecasts([
            ForecastRecord(
                product: "B", series: .sales, start: start, values: [21], sd: [3], method: "holt_winters",
                madeThrough: end)
        ])
        #expect(try db.forecast(product: "A", series: .returns)?.values == [10, 30])
        let replaced = try #require(try db.forecast(product: "B", series: .sales))
        #expect(replaced.values == [21] && replaced.sd == [3] && replaced.method == "holt_winters", "a new forecast replaces the old one whole")
        #expect(try db.forecast(product: "B", series: .returns)?.values == [20, 30])
        #expect(try db.forecast(product: "B", series: .returns)?.intervals == nil, "no calibrated intervals stored")
        let bounds: [[Double]] = [[0, 25, 0, 31.5], [12, 40, 4, 55.25]]
        try db.saveForecasts([
            ForecastRecord(
                product: "B", series: .returns, start: start, values: [20, 30], sd: [1, 2], method: "tsb",
                madeThrough: end, intervals: bounds)
        ])
        #expect(try db.forecast(product: "B", series: .returns)?.intervals == bounds)
    }

    @Test func rejectionsAndDuplicatesAreRecordedAndSettledExactlyOnce() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = try Self.accept(db, "a.csv", sha: "s1", [.sales], [("A", "2024-02-01", 90, 0)]).entry
        #expect(try db.acceptedEntry(sha256: "s1")?.id == original.id)
        let duplicate = try db.recordDuplicate(Self.arriving("copy.csv", sha: "s1"), destination: "archive/copy.csv", of: original)
        let rejected = try db.recordRejected(
            Self.arriving("bad.csv", sha: "s2"), destination: "rejected/bad.csv",
            reason: "x is not a number", line: 3, column: "Sales")
        #expect(rejected.errorLine == 3 && rejected.errorColumn == "Sales" && rejected.error == "x is not a number")
        #expect(try db.acceptedEntry(sha256: "s2") == nil)
        #expect(try db.unsettledEntries().map(\.id) == [original.id, duplicate.id, rejected.id])
        try db.markSettled(original.id)
        #expect(try db.unsettledEntries().map(\.id) == [duplicate.id, rejected.id])
        #expect(try db.fileCounts() == [.accepted: 1, .duplicate: 1, .rejected: 1])
        #expect(try db.entry(workName: "s2-bad.csv")?.status == .rejected)
        #expect(try db.history(product: "A")?.sales == [90], "the duplicate applied nothing")
    }

    @Test func namesAreKeptByKeyAndOnlyTheLatestUnresolvedRejectionOfAKeyCanBeResolved() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func reject(_ key: String, sha: String) throws -> LedgerEntry {
            let file = ArrivingFile(name: "caf%E9.csv", workName: "\(sha)-\(key)", size: 1, sha256: sha, received: Timestamp(seconds: 1), key: key)
            return try db.recordRejected(file, destination: "rejected/\(sha).csv", reason: "bad", line: 2, column: "Sales")
        }
        // Latin-1 `café.csv` and a file literally named `caf%E9.csv`: one displayed name, two keys.
        let latin1 = try reject("caf%E9.csv", sha: "1")
        let literal = try reject("caf%25E9.csv", sha: "2")
        #expect(try db.entry(workName: "2-caf%25E9.csv")?.file.key == "caf%25E9.csv")
        #expect(try db.entries(named: ["caf%E9.csv"]).map(\.file.key) == ["caf%E9.csv", "caf%25E9.csv"])
        #expect(try db.unresolvedRejections().map(\.id) == [latin1.id, literal.id])
        let again = try reject("caf%E9.csv", sha: "3")
        #expect(try db.unresolvedRejections().map(\.id) == [literal.id, again.id], "only a key's latest row")
        try db.markResolved([again.id])
        #expect(try db.unresolvedRejections().map(\.id) == [literal.id])
        #expect(try db.entry(workName: "3-caf%E9.csv")?.resolved == true)
        // A row without a key (from before keys were stored) is keyed by its name.
        #expect(ArrivingFile(name: "50%.csv", workName: "w", size: 0, sha256: "", received: Timestamp(seconds: 0)).key == "50%25.csv")
    }

    @Test func alertStateAndRunCountersPersist() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let alert = AlertRow(fingerprint: "f", name: "HighVolatility", subject: "P", summary: "s", startsAt: 5)
        try db.replaceAlerts([alert])
        let reopened = try StockcastDatabase(path: db.path)
        #expect(try reopened.activeAlerts() == [alert])
        #expect(try reopened.nextRun() == 1 && reopened.nextRun() == 2)
    }

    @Test func daysNoFileCoveredAreGapsUntilAFileCoversThem() throws {
        let (db, dir) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try Self.accept(db, "a.csv", sha: "1", [.sales], [("A", "2024-01-01", 10, 0), ("B", "2024-01-01", 5, 0)])
        _ = try Self.accept(db, "b.csv", sha: "2", [.sales], [("A", "2024-01-04", 40, 0), ("B", "2024-01-04", 8, 0)])
        #expect(try db.history(product: "A")?.gaps == [1, 2], "2 and 3 January: no file covered them")
        try db.recordMaintenance(MaintenanceRecord(product: "B", series: .sales, decision: "d"), at: Timestamp(seconds: 1))
        try db.recordMaintenance(MaintenanceRecord(product: "B", series: .returns, decision: "d"), at: Timestamp(seconds: 1))
        // A re-export of 2–3 January lists A only: B had nothing those days.
        let fill = try Self.accept(db, "c.csv", sha: "3", [.sales], [("A", "2024-01-02", 20, 0), ("A", "2024-01-03", 30, 0)])
        #expect(fill.changed == ["A": [.sales], "B": [.sales]], "B's gap became two days without sales")
        #expect(try db.history(product: "B")?.sales == [5, 0, 0, 8] && db.history(product: "B")?.gaps == [])
        #expect(try db.pendingSeries().contains { $0.product == "B" })
    }
}
