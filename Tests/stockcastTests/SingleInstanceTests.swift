import Foundation
import StockcastTesting
import Testing

/// One daemon per models/ directory, and a status that says whether it is alive.
@Suite(.serialized) struct SingleInstanceTests {
    @Test func aSecondRunRefusesWhileTheFirstRunsAndStatusTellsWhetherADaemonIsAlive() async throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DaemonEndToEndTests.config.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        let daemon = try DaemonEndToEndTests.Daemon(directory: dir)
        #expect(
            await DaemonEndToEndTests.eventually { DaemonEndToEndTests.json(dir + "/outbox/status.json")?["state"] as? String == "idle" },
            "\(daemon.log)")
        try DaemonEndToEndTests.csv(days: 3).write(toFile: dir + "/inbox/few.csv", atomically: true, encoding: .utf8)
        #expect(await DaemonEndToEndTests.eventually { DaemonEndToEndTests.files(dir + "/inbox/archive") == ["few.csv"] }, "\(daemon.log)")

        for arguments in [["run", "--once"], ["run"], ["import", "few.csv"], ["train"]] {
            try DaemonEndToEndTests.csv(days: 1).write(toFile: dir + "/few.csv", atomically: true, encoding: .utf8)
            let second = try CommandLineTests.run(arguments, in: dir)
            #expect(second.status == 1, "\(arguments): \(second.errors)")
            #expect(second.errors.contains("another stockcast (pid \(daemon.process.processIdentifier)) is running"), "\(arguments): \(second.errors)")
        }
        #expect(
            DaemonEndToEndTests.json(dir + "/outbox/status.json")?["state"] as? String == "idle",
            "a refused second instance writes no status")
        let status = try CommandLineTests.run(["status"], in: dir)
        #expect(status.status == 0 && status.errors.contains("stockcast is running (pid \(daemon.process.processIdentifier))"), "\(status.errors)")
        #expect(try CommandLineTests.run(["history"], in: dir).status == 0, "read-only commands still work")

        #expect(daemon.stop(SIGKILL) == SIGKILL)
        let dead = try CommandLineTests.run(["status"], in: dir)
        #expect(dead.status == 3, "status after SIGKILL: \(dead.errors)")
        #expect(dead.errors.contains("stockcast is not running"))
        #expect(try CommandLineTests.run(["run", "--once"], in: dir).status == 0, "the lock died with the process")
    }
}
