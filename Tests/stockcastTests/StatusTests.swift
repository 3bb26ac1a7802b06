import Foundation
import StockcastTesting
import Testing

/// status.json tells a monitoring check what the daemon is doing.
@Suite(.serialized) struct StatusTests {
    @Test func statusSaysTrainingWhileTheModelsOfANewHistoryTrain() async throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try DaemonEndToEndTests.config.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        let daemon = try DaemonEndToEndTests.Daemon(directory: dir)
        #expect(await DaemonEndToEndTests.eventually { DaemonEndToEndTests.json(dir + "/outbox/status.json") != nil }, "\(daemon.log)")
        let products = (1...12).map { "T\($0)" }
        try DaemonEndToEndTests.csv(days: 60, products: products).write(
            toFile: dir + "/inbox/history.csv", atomically: true,
            encoding: .utf8)
        var states: [String] = []
        let published = await DaemonEndToEndTests.eventually(120) {
            if let state = DaemonEndToEndTests.json(dir + "/outbox/status.json")?["state"] as? String, states.last != state {
                states.append(state)
            }
            return daemon.log.contains("run published")
        }
        #expect(published, "\(daemon.log)")
        #expect(states.contains("training"), "seen: \(states)")
        #expect(await DaemonEndToEndTests.eventually { DaemonEndToEndTests.json(dir + "/outbox/status.json")?["state"] as? String == "idle" })
        #expect(daemon.stop() == 0)
    }
}
