import Foundation
import StockcastTesting
import Testing

/// The history lost while running stops the daemon loudly instead of starting an empty one.
@Suite(.serialized) struct StorageLossTests {
    @Test(arguments: ["models", "models/stockcast.sqlite"])
    func deletingTheModelsOrTheDatabaseStopsTheDaemonWithAnError(_ deleted: String) async throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        {"settleSeconds": 0.2, "rescanSeconds": 1, "training": {"minimumExtraDays": 100000}}
        """.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        let daemon = try DaemonEndToEndTests.Daemon(directory: dir)
        #expect(await DaemonEndToEndTests.eventually { DaemonEndToEndTests.json(dir + "/outbox/status.json") != nil }, "\(daemon.log)")
        try DaemonEndToEndTests.csv(days: 3).write(toFile: dir + "/inbox/few.csv", atomically: true, encoding: .utf8)
        #expect(await DaemonEndToEndTests.eventually { DaemonEndToEndTests.files(dir + "/inbox/archive") == ["few.csv"] }, "\(daemon.log)")
        #expect(await DaemonEndToEndTests.eventually { FileManager.default.fileExists(atPath: dir + "/outbox/summary.csv") })

        try FileManager.default.removeItem(atPath: dir + "/" + deleted)
        #expect(await DaemonEndToEndTests.eventually(20) { !daemon.process.isRunning }, "the daemon stops: \(daemon.log)")
        daemon.process.waitUntilExit()
        #expect(daemon.process.terminationStatus != 0, "a non-zero exit, so that systemd restarts it")
        #expect(daemon.log.contains("was deleted or replaced while the daemon ran"), "\(daemon.log)")
        let status = try #require(DaemonEndToEndTests.json(dir + "/outbox/status.json"))
        #expect(status["state"] as? String == "stopped")
        #expect(((status["last_error"] as? [String: Any])?["message"] as? String)?.contains("deleted or replaced") == true)
        #expect(
            !FileManager.default.fileExists(atPath: dir + "/models/stockcast.sqlite") || deleted == "models",
            "no empty history was started in its place")
    }
}
