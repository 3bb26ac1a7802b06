import Foundation
import StockcastCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real daemon under bursts of files, a kernel event queue that overflows, and a file that
/// is still being written while the daemon watches.
@Suite(.serialized) struct BurstTests {
    typealias E2E = DaemonEndToEndTests

    /// No LSTM (baselines forecast at once): these tests are about files, not models.
    static let config = """
        {"settleSeconds": 0.5, "rescanSeconds": 5, "training": {"minimumExtraDays": 100000}}
        """

    /// File `i` of the burst: one row, product `B<i % 10>`, day `i / 10` after 2024-01-01.
    static func burstFile(_ i: Int) -> String {
        "Date,Product_ID,Sales,Returns\n\(Day(iso: "2024-01-01")!.advanced(by: i / 10)),B\(i % 10),\(i),\(i % 5)\n"
    }

    static func burstName(_ i: Int) -> String { "burst-\(String(format: "%05d", i)).csv" }

    /// Writes `text` to `path` with open/write/close (no Foundation buffering or renames).
    static func writeFile(_ path: String, _ text: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        precondition(fd >= 0, "open \(path): \(errno)")
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// `/proc/sys/fs/inotify/max_queued_events`: the events an inotify instance may queue.
    static var maxQueuedEvents: Int? {
        (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    @Test func tenThousandFilesDroppedAtOnceWithTheEventQueueOverflowingAreEachProcessedExactlyOnce() async throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.config.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        let inbox = dir + "/inbox", staging = dir + "/staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let daemon = try E2E.Daemon(directory: dir)
        defer {
            if daemon.process.isRunning {
                kill(daemon.process.processIdentifier, SIGCONT)
                _ = daemon.stop(SIGKILL)
            }
        }
        #expect(await E2E.eventually { E2E.json(dir + "/outbox/status.json")?["state"] as? String == "idle" }, "started")
        let total = 10_000, half = total / 2
        let clock = ContinuousClock()
        let started = clock.now

        // 1. Into the running daemon as fast as possible: most renamed in (taken at once), every
        //    tenth written in place (taken once it has settled).
        for i in 0..<half {
            if i % 10 == 9 {
                Self.writeFile(inbox + "/" + Self.burstName(i), Self.burstFile(i))
            } else {
                Self.writeFile(staging + "/" + Self.burstName(i), Self.burstFile(i))
                rename(staging + "/" + Self.burstName(i), inbox + "/" + Self.burstName(i))
            }
        }

        // 2. The daemon stopped (SIGSTOP) so that the kernel queues events without anyone reading
        //    them: the other half renamed in, then more events than the queue holds (a close after
        //    writing, on two hidden files in turn so that the kernel cannot merge them). The queue
        //    overflows: the files after that point arrive with no event at all.
        kill(daemon.process.processIdentifier, SIGSTOP)
        for i in half..<total {
            Self.writeFile(staging + "/" + Self.burstName(i), Self.burstFile(i))
            rename(staging + "/" + Self.burstName(i), inbox + "/" + Self.burstName(i))
        }
        let limit = Self.maxQueuedEvents ?? 16_384
        let flood = limit <= 1_000_000
        if flood {
            for k in 0...limit {
                close(open(inbox + (k % 2 == 0 ? "/.flood-a" : "/.flood-b"), O_WRONLY | O_CREAT | O_CLOEXEC, 0o644))
            }
        } else {
            print("BurstTests: max_queued_events is \(limit); the queue is not made to overflow (only the burst is tested)")
        }
        kill(daemon.process.processIdentifier, SIGCONT)
        let dropped = clock.now

        let status = dir + "/outbox/status.json"
        let done = await E2E.eventually(600) {
            (E2E.json(status)?["files"] as? [String: Int])?["seen"] == total && E2E.json(status)?["state"] as? String == "idle"
                && E2E.files(inbox).isEmpty
        }
        #expect(done, "\(E2E.files(inbox).count) waiting; \(daemon.log.suffix(1500))")
        // Figures for the record (not asserted): how long the burst took to write and to process.
        print("BurstTests: \(total) files dropped in \(dropped - started), all processed \(clock.now - started) after the first")
        #expect(daemon.stop() == 0)
        let log = daemon.log
        if flood {
            #expect(log.contains("inotify event queue overflowed"), "the overflow was seen and the inbox listed in full")
        }
        #expect(
            E2E.json(status)?["files"] as? [String: Int] == ["seen": total, "accepted": total, "duplicate": 0, "rejected": 0],
            "one ledger row per file, every one applied")
        #expect(E2E.files(inbox + "/archive") == (0..<total).map(Self.burstName), "each file archived once, under its own name")
        #expect(E2E.files(inbox + "/rejected").isEmpty && E2E.files(inbox + "/.work").isEmpty)
        #expect(log.components(separatedBy: "msg=\"file accepted\"").count - 1 == total, "each file processed once")

        // The history holds every file's row exactly once.
        var expected = ["Date,Product_ID,Sales,Returns"]
        for product in 0..<10 {
            for day in 0..<(total / 10) {
                let i = day * 10 + product
                expected.append("\(Day(iso: "2024-01-01")!.advanced(by: day)),B\(product),\(i),\(i % 5)")
            }
        }
        let history = try CommandLineTests.run(["history"], in: dir)
        #expect(history.status == 0)
        #expect(history.output.split(separator: "\n").map(String.init) == expected)
    }

    @Test func aFileWrittenInChunksWithPausesShorterThanTheSettleTimeIsTakenOnceWholeAfterItIsClosed() async throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Pauses of 0.1 s against a settle time of 2 s: a wide margin on a busy machine.
        try """
        {"settleSeconds": 2, "rescanSeconds": 5, "training": {"minimumExtraDays": 100000}}
        """.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        let inbox = dir + "/inbox"
        let daemon = try E2E.Daemon(directory: dir)
        defer { if daemon.process.isRunning { _ = daemon.stop(SIGKILL) } }
        #expect(await E2E.eventually { E2E.json(dir + "/outbox/status.json")?["state"] as? String == "idle" }, "started")

        let days = 300
        let text = E2E.csv(days: days)
        let bytes = Array(text.utf8)
        let path = inbox + "/slow.csv"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        // Chunks that end in the middle of a row (a reader too early would see a torn last row).
        let chunks = 30
        var claimedEarly = false
        for k in 0..<chunks {
            let range = (bytes.count * k / chunks)..<(bytes.count * (k + 1) / chunks)
            _ = bytes[range].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if k == chunks / 2 {
                // Meanwhile a file renamed in is served at once.
                try E2E.csv(days: 1, from: days, products: ["OTHER"]).write(toFile: dir + "/other.tmp", atomically: false, encoding: .utf8)
                rename(dir + "/other.tmp", inbox + "/other.csv")
            }
            try await Task.sleep(for: .milliseconds(100))
            if !FileManager.default.fileExists(atPath: path) { claimedEarly = true }
        }
        #expect(!claimedEarly, "the file stayed in the inbox, unread, while it was open and growing")
        #expect(E2E.files(inbox + "/archive") == ["other.csv"], "the renamed file was taken while the slow one was being written")
        close(fd)

        #expect(await E2E.eventually { E2E.files(inbox + "/archive") == ["other.csv", "slow.csv"] && E2E.files(inbox).isEmpty })
        #expect(daemon.stop() == 0)
        let status = try #require(E2E.json(dir + "/outbox/status.json"))
        #expect(status["files"] as? [String: Int] == ["seen": 2, "accepted": 2, "duplicate": 0, "rejected": 0])
        let archived = try Data(contentsOf: URL(fileURLWithPath: inbox + "/archive/slow.csv"))
        #expect(archived == Data(bytes), "the archived file is the whole file")
        #expect(daemon.log.contains("rows=\(2 * days)"), "every row read")
        let history = try CommandLineTests.run(["history", "--product", "P1"], in: dir)
        #expect(history.output == E2E.csv(days: days, products: ["P1"]))
    }
}
