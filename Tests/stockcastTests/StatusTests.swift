import Foundation
import StockcastTesting
import Testing

/// status.json tells a monitoring check what the daemon is doing.
@Suite(.serialized) struct StatusTests {
    @Test func statusSaysTrainingWhileTheModelsOfANewHistoryTrain() async throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DaemonEndToEndTests.config.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        // Every status.json write is logged at debug level: the log keeps the order of states,
        // which polling the file could miss on a loaded machine.
        let daemon = try DaemonEndToEndTests.Daemon(directory: dir, arguments: ["--log-level", "debug"])
        #expect(await DaemonEndToEndTests.eventually { DaemonEndToEndTests.json(dir + "/outbox/status.json") != nil }, "\(daemon.log)")
        let products = (1...12).map { "T\($0)" }
        try DaemonEndToEndTests.csv(days: 60, products: products).write(
            toFile: dir + "/inbox/history.csv", atomically: true,
            encoding: .utf8)
        #expect(await DaemonEndToEndTests.eventually(120) { daemon.log.contains("run published") }, "\(daemon.log)")
        let states = daemon.log.split(separator: "\n").filter { $0.contains("msg=\"status written\"") }
            .compactMap { $0.split(separator: " ").first { $0.hasPrefix("state=") } }
        let training = try #require(states.firstIndex(of: "state=training"), "states written: \(states)")
        #expect(states[training...].contains("state=idle"), "idle again once published: \(states)")
        #expect(await DaemonEndToEndTests.eventually { DaemonEndToEndTests.json(dir + "/outbox/status.json")?["state"] as? String == "idle" })
        #expect(daemon.stop() == 0)
    }
}
