import Foundation
import StockcastTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real binary against an inbox an operator or a careless ERP job gets wrong: a file it may
/// not read, an inbox deleted and made again under the running daemon, a rejected file the
/// operator takes care of.
@Suite(.serialized) struct InboxTrustEndToEndTests {
    typealias E2E = DaemonEndToEndTests

    static let config = #"{"settleSeconds": 0.2, "rescanSeconds": 2, "training": {"minimumExtraDays": 100000}}"#
    static let bad = "Date,Product_ID,Sales,Returns\n2024-01-05,P1,-4,0\n"

    /// The `FileRejected` alerts in force, by file.
    static func firing(_ outbox: String) -> [String] {
        let alerts = E2E.json(outbox + "/alerts/active.json")?["alerts"] as? [[String: Any]] ?? []
        return alerts.compactMap { $0["labels"] as? [String: String] }.filter { $0["alertname"] == "FileRejected" }
            .compactMap { $0["file"] }.sorted()
    }

    /// Tests run as root, whom no permission stops; this one runs the daemon as `nobody` through
    /// util-linux's `setpriv` then (as another user it needs nothing).
    static let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var canDropPrivileges: Bool { getuid() != 0 || setpriv != nil }

    @Test(.enabled(if: canDropPrivileges, "running as root without setpriv: no user to deny the read to"))
    func aFileTheDaemonMayNotReadIsRejectedAlertedAndFailsRunOnce() throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.config.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/inbox", withIntermediateDirectories: true)
        try E2E.csv(days: 20).write(toFile: dir + "/inbox/good.csv", atomically: true, encoding: .utf8)
        var command = [CommandLineTests.binary.path, "run", "--once"]
        if getuid() == 0 {
            // Everything belongs to `nobody`, except the file it may not read.
            #expect(try Subprocess.run("/bin/chown", ["-R", "65534:65534", dir]).status == 0)
            command = [Self.setpriv!, "--reuid=65534", "--regid=65534", "--clear-groups", "--"] + command
        }
        try E2E.csv(days: 1, from: 20).write(toFile: dir + "/inbox/locked.csv", atomically: true, encoding: .utf8)
        #expect(chmod(dir + "/inbox/locked.csv", 0) == 0)

        let run = try Subprocess.run(command[0], Array(command.dropFirst()), in: dir)
        #expect(run.status == 1, "run --once fails when a file could not be read: \(run.errors.suffix(2000))")
        #expect(run.errors.contains("locked.csv") && run.errors.contains("permission denied"), "\(run.errors.suffix(2000))")
        let inbox = dir + "/inbox", outbox = dir + "/outbox"
        #expect(E2E.files(inbox + "/rejected") == ["locked.csv"], "rejected, not left in .work/")
        #expect(E2E.files(inbox + "/.work").isEmpty && E2E.files(inbox).isEmpty)
        #expect(E2E.files(inbox + "/archive") == ["good.csv"], "the other file served")
        let error = try #require(E2E.json(outbox + "/errors/locked.csv.json"))
        #expect((error["reason"] as? String ?? "").hasPrefix("cannot be read: permission denied"), "\(error)")
        #expect(Self.firing(outbox) == ["locked.csv"])
        let status = try #require(E2E.json(outbox + "/status.json"))
        #expect((status["files"] as? [String: Int])?["rejected"] == 1)
    }

    @Test func anInboxDeletedAndMadeAgainUnderTheRunningDaemonIsServedAgain() async throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.config.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        let inbox = dir + "/inbox", outbox = dir + "/outbox"
        let daemon = try E2E.Daemon(directory: dir)
        defer { if daemon.process.isRunning { _ = daemon.stop(SIGKILL) } }
        #expect(await E2E.eventually { E2E.json(outbox + "/status.json")?["state"] as? String == "idle" }, "started")
        func deliver(_ text: String, as name: String) throws {
            try text.write(toFile: dir + "/.staging", atomically: false, encoding: .utf8)
            try FileManager.default.moveItem(atPath: dir + "/.staging", toPath: inbox + "/" + name)
        }

        // The whole inbox deleted and made again (empty) by an operator.
        try FileManager.default.removeItem(atPath: inbox)
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: false)
        try deliver(E2E.csv(days: 20), as: "a.csv")
        #expect(await E2E.eventually(20) { E2E.files(inbox + "/archive") == ["a.csv"] }, "\(daemon.log.suffix(2000))")

        // Only its work folder removed.
        try FileManager.default.removeItem(atPath: inbox + "/.work")
        try deliver(E2E.csv(days: 1, from: 20), as: "b.csv")
        #expect(await E2E.eventually(20) { E2E.files(inbox + "/archive") == ["a.csv", "b.csv"] }, "\(daemon.log.suffix(2000))")

        // Its archive and rejected folders removed.
        try FileManager.default.removeItem(atPath: inbox + "/archive")
        try FileManager.default.removeItem(atPath: inbox + "/rejected")
        try deliver(E2E.csv(days: 1, from: 21), as: "c.csv")
        try deliver(Self.bad, as: "sales-2024-01-05.csv")
        #expect(
            await E2E.eventually(20) {
                E2E.files(inbox + "/archive") == ["c.csv"] && E2E.files(inbox + "/rejected") == ["sales-2024-01-05.csv"]
                    && Self.firing(outbox) == ["sales-2024-01-05.csv"]
            }, "\(daemon.log.suffix(2000))")
        #expect(daemon.log.contains(#"msg="inbox folder recreated""#), "said in the log")
        #expect(await E2E.eventually(10) { E2E.json(outbox + "/status.json")?["queue"] as? Int == 0 })

        // The operator takes the rejected file away: the alert resolves at the next rescan.
        try FileManager.default.moveItem(atPath: inbox + "/rejected/sales-2024-01-05.csv", toPath: dir + "/sales-2024-01-05.csv")
        #expect(await E2E.eventually(20) { Self.firing(outbox).isEmpty }, "\(daemon.log.suffix(2000))")
        #expect(daemon.stop() == 0)
    }

    @Test func resolveMarksARejectionResolvedAndTheNextRunResolvesItsAlert() throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.config.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/inbox", withIntermediateDirectories: true)
        try Self.bad.write(toFile: dir + "/inbox/sales-2025-01-03.csv", atomically: true, encoding: .utf8)
        try Self.bad.write(toFile: dir + "/inbox/returns-2025-01-03.csv", atomically: true, encoding: .utf8)
        #expect(try CommandLineTests.run(["run", "--once"], in: dir).status == 0)
        let outbox = dir + "/outbox"
        #expect(Self.firing(outbox) == ["returns-2025-01-03.csv", "sales-2025-01-03.csv"])

        let unknown = try CommandLineTests.run(["resolve", "nothing.csv"], in: dir)
        #expect(unknown.status == 1 && unknown.errors.contains("nothing.csv"), "\(unknown.errors)")
        #expect(
            unknown.errors.contains("returns-2025-01-03.csv") && unknown.errors.contains("sales-2025-01-03.csv"),
            "it lists what can be resolved: \(unknown.errors)")

        let resolve = try CommandLineTests.run(["resolve", "sales-2025-01-03.csv"], in: dir)
        #expect(resolve.status == 0, "\(resolve.errors)")
        #expect(resolve.output.contains("sales-2025-01-03.csv"))
        #expect(Self.firing(outbox) == ["returns-2025-01-03.csv", "sales-2025-01-03.csv"], "nothing else happens until the next run")
        #expect(try CommandLineTests.run(["run", "--once"], in: dir).status == 0)
        #expect(Self.firing(outbox) == ["returns-2025-01-03.csv"])
        #expect(E2E.files(dir + "/inbox/rejected") == ["returns-2025-01-03.csv", "sales-2025-01-03.csv"], "the file is kept")
        // A path to the rejected file works as well.
        #expect(try CommandLineTests.run(["resolve", "inbox/rejected/returns-2025-01-03.csv"], in: dir).status == 0)
        #expect(try CommandLineTests.run(["run", "--once"], in: dir).status == 0)
        #expect(Self.firing(outbox) == [])
        #expect(try CommandLineTests.run(["resolve", "sales-2025-01-03.csv"], in: dir).status == 1, "nothing left to resolve")
    }
}
