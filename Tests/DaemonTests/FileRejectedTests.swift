import Foundation
import StockcastCore
import Store
import Testing

@testable import Daemon

#if canImport(Glibc)
import Glibc
#endif

/// A file's identity is its name's bytes: a `FileRejected` alert is resolved by a later good file
/// of exactly that name, or when the operator takes the rejected file out of `inbox/rejected/`;
/// a long name keeps its extension in the archive.
@Suite struct FileRejectedTests {
    typealias Sandbox = HostileInputTests.Sandbox
    static let header = HostileInputTests.header
    static let bad = header + "2024-03-01,A,-1,0\n"

    static func good(_ product: String = "A", from first: Int = 0) -> String {
        header + HostileInputTests.rows(product, days: 2, from: first)
    }

    /// The files whose `FileRejected` fires, by their `file` label.
    static func firing(_ box: Sandbox) -> [String] { InboxPathTests.firingFiles(box) }

    /// The files whose `FileRejected` every event file of the outbox reported resolved.
    static func resolved(_ box: Sandbox) -> [String] {
        let events = box.outbox + "/alerts/events"
        return ((try? FileManager.default.contentsOfDirectory(atPath: events)) ?? []).sorted().flatMap { name -> [String] in
            let alerts = box.json("alerts/events/" + name)?["alerts"] as? [[String: Any]] ?? []
            return alerts.filter { $0["status"] as? String == "resolved" }.compactMap { $0["labels"] as? [String: String] }
                .filter { $0["alertname"] == "FileRejected" }.compactMap { $0["file"] }
        }
    }

    @Test func aRejectionIsResolvedOnlyByAFileWithTheSameNameBytesNotByOneThatDisplaysAlike() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        let latin1 = Array("caf".utf8) + [0xE9] + Array(".csv".utf8)
        try box.drop(Self.bad, nameBytes: latin1)
        try await box.runOnce()
        #expect(Self.firing(box) == ["caf%E9.csv"])
        let report = box.json("errors/" + SafeFileName.encode("caf%E9.csv") + ".json")
        #expect(report?["line"] as? Int == 2)

        // A different file, literally named `caf%E9.csv`, rejected and then accepted.
        try box.drop(Self.header + "2024-03-01,B,1,0\n2024-03-02,B,-1,0\n", as: "caf%E9.csv")
        try await box.runOnce()
        #expect(Self.firing(box) == ["caf%E9.csv", "caf%E9.csv"], "two files, two alerts")
        #expect(
            box.json("errors/" + SafeFileName.encode("caf%E9.csv") + ".json")?["line"] as? Int == 2,
            "the first file's error report is not overwritten by the second's")
        try box.drop(Self.good(), as: "caf%E9.csv")
        try await box.runOnce()
        #expect(Self.firing(box) == ["caf%E9.csv"], "the literal name's alert resolved, the Latin-1 one's still in force")
        #expect(Self.resolved(box) == ["caf%E9.csv"])

        // The Latin-1 file fixed: its own alert resolves.
        try box.drop(Self.good(from: 2), nameBytes: latin1)
        try await box.runOnce()
        #expect(Self.firing(box) == [])
        #expect(Self.resolved(box) == ["caf%E9.csv", "caf%E9.csv"])
    }

    @Test func aLongFileNameKeepsItsExtensionAndStaysUniqueInTheArchive() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        let stem = String(repeating: "x", count: 250)
        let names = [stem + "A.csv", stem + "B.csv", String(repeating: "é", count: 125) + ".csv"]
        #expect(names.map(\.utf8.count) == [255, 255, 254])
        for (i, name) in names.enumerated() { try box.drop(Self.good("P\(i)", from: 2 * i), as: name) }
        try box.drop(Self.bad, as: stem + "C.csv")
        try await box.runOnce()
        let archived = box.visibleFiles("archive")
        #expect(archived.count == 3 && archived.allSatisfy { $0.hasSuffix(".csv") && $0.utf8.count <= 255 }, "\(archived)")
        #expect(Set(archived).count == 3)
        #expect(archived.contains { $0.hasPrefix("éé") })
        let rejected = box.visibleFiles("rejected")
        #expect(rejected.count == 1 && rejected[0].hasSuffix(".csv"), "\(rejected)")
        #expect(try box.database().products().count == 3)
    }

    @Test func aRejectionResolvesWhenTheOperatorTakesItsFileOutOfTheRejectedFolder() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        try box.drop(Self.bad, as: "sales-2025-01-03.csv")
        try box.drop(Self.bad, as: "returns-2025-01-03.csv")
        try await box.runOnce()
        #expect(Self.firing(box) == ["returns-2025-01-03.csv", "sales-2025-01-03.csv"])

        // Fixed and re-exported under another name: the old rejection stands while its file does.
        try box.drop(Self.good(), as: "sales-2025-01-03-fixed.csv")
        try await box.runOnce()
        #expect(Self.firing(box) == ["returns-2025-01-03.csv", "sales-2025-01-03.csv"])
        let pipeline = try Pipeline(settings: box.settings, logger: quietLogger)
        #expect(try await !pipeline.hasPendingWork())

        // The operator moves one rejected file away and deletes the other: the daemon notices
        // at its next look (a rescan asks whether there is work) and resolves both, once.
        try FileManager.default.moveItem(atPath: box.inbox + "/rejected/sales-2025-01-03.csv", toPath: box.root + "/sales-2025-01-03.csv")
        try FileManager.default.removeItem(atPath: box.inbox + "/rejected/returns-2025-01-03.csv")
        #expect(try await pipeline.hasPendingWork())
        try await box.runOnce()
        #expect(Self.firing(box) == [])
        #expect(Self.resolved(box).sorted() == ["returns-2025-01-03.csv", "sales-2025-01-03.csv"])
        try await box.runOnce()
        #expect(Self.resolved(box).count == 2, "resolved once")
        #expect(try await !pipeline.hasPendingWork())

        // The same name rejected again fires again.
        try box.drop(Self.bad, as: "sales-2025-01-03.csv")
        try await box.runOnce()
        #expect(Self.firing(box) == ["sales-2025-01-03.csv"])
        #expect(box.visibleFiles("rejected") == ["sales-2025-01-03.csv"])
    }
}
