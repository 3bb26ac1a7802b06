import Crypto
import Forecasting
import Foundation
import GRDB
import Neural
import StockcastCore
import Testing

/// The daemon's directory, the files dropped into it, and the checks.
final class Harness {
    let seed: UInt64
    var random: SeededGenerator
    let root: String
    let daemon: String
    var inbox: String { daemon + "/inbox" }
    var outbox: String { daemon + "/outbox" }
    var models: String { daemon + "/models" }
    var drops: [Drop] = []
    var lives = 0
    var killCount = 0
    var landed: [Phase: Int] = [:]
    var errorLines: [String] = []
    var failed = false
    /// Set when the test has run to its end.
    var finished = false
    /// The daemon started last.
    private var current: Life?

    /// The first day of the daily files; bulk re-exports cover the 1,000 days before it.
    static let dayZero = Day(iso: "2024-01-01")!
    static let bulkDays = 1000
    /// Lines per product and day in a bulk re-export (they are summed).
    static let bulkLinesPerCell = 6
    /// The next day of the daily files, and the first day on which C sells.
    var nextDay = 0
    var firstDayOfC: Int?
    /// The latest durations the daemon logged, in ms (estimates until it has logged them).
    var parseMS = 100.0, storeMS = 100.0, trainMS = 300.0, outboxMS = 30.0

    init(seed: UInt64) throws {
        self.seed = seed
        random = SeededGenerator(seed: seed)
        root = try CommandLineTests.temporaryDirectory()
        daemon = root + "/daemon"
        for d in [daemon, root + "/logs", root + "/staging"] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        try CrashSafetyTests.config.write(toFile: daemon + "/stockcast.json", atomically: true, encoding: .utf8)
    }

    /// Kills a daemon still running (a check failed), and removes the directory unless the test
    /// stopped early or a check failed.
    func removeUnlessFailed() {
        if let life = current, life.process.isRunning { life.stop(SIGKILL) }
        if failed || !finished {
            print("crash harness: directory and daemon logs kept at \(root)")
        } else {
            try? FileManager.default.removeItem(atPath: root)
        }
    }

    /// A check failed: records the issue, keeps the directory and stops the test.
    func fail(_ message: String, _ life: Life? = nil) -> some Error {
        failed = true
        let tail = life.map { "\nlog of life \(lives):\n" + String($0.log.suffix(3000)) } ?? ""
        Issue.record("seed \(seed): \(message)\(tail)")
        return HarnessFailure(description: message)
    }

    struct HarnessFailure: Error, CustomStringConvertible { var description: String }

    func start() throws -> Life {
        lives += 1
        let life = try Life(directory: root, number: lives)
        current = life
        return life
    }

    // MARK: Settling

    /// Waits until the daemon has done everything the drops call for; fails after a minute.
    func settle(_ life: Life, _ when: String) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if !life.process.isRunning { throw fail("\(when): the daemon exited with \(life.process.terminationStatus)", life) }
            if try isSettled() {
                noteTimings(life)
                return
            }
            try await Task.sleep(for: .milliseconds(40))
        }
        throw fail("\(when): not settled after 60 s; inbox \(Self.files(inbox)), work \(Self.files(inbox + "/.work"))", life)
    }

    func isSettled() throws -> Bool {
        guard Self.files(inbox).isEmpty, Self.files(inbox + "/.work").isEmpty,
            let status = Self.json(outbox + "/status.json"), status["state"] as? String == "idle",
            (status["files"] as? [String: Int])?["seen"] == drops.count, status["queue"] as? Int == 0,
            FileManager.default.fileExists(atPath: models + "/stockcast.sqlite")
        else { return false }
        let state = try Ledger.read(models + "/stockcast.sqlite")
        return state.files.count == drops.count && state.files.allSatisfy(\.settled) && state.waiting == 0
    }

    /// Takes the durations of the phases from the daemon's log, to aim the next kills.
    func noteTimings(_ life: Life) {
        for line in life.lines {
            if line["msg"] == "file accepted", line["file"]?.contains("bulk") == true {
                parseMS = line["parse_ms"].flatMap(Double.init) ?? parseMS
                storeMS = line["store_ms"].flatMap(Double.init) ?? storeMS
            }
            if line["msg"] == "run published", line["series_maintained"] != "0" {
                trainMS = line["train_ms"].flatMap(Double.init) ?? trainMS
                outboxMS = line["outbox_write_ms"].flatMap(Double.init) ?? outboxMS
            }
        }
    }
}
