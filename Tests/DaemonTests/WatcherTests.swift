import Foundation
import StockcastTesting
import Testing

@testable import Daemon

/// libinotifytools is process-global: every test that watches is in this one serialized suite.
@Suite(.serialized) struct WatcherTests {
    /// Collects a watcher's hints so that a test can wait for one with a deadline.
    final class Collector: Sendable {
        let buffer = Mailbox()
        let task: Task<Void, Never>
        init(_ stream: AsyncStream<InboxHint>) {
            let buffer = self.buffer
            task = Task { for await hint in stream { buffer.push(hint) } }
        }

        /// Whether a hint satisfying `wanted` arrives within 20 seconds (earlier hints are dropped).
        /// The deadline only keeps a missing hint from hanging the run: the hints travel through
        /// the cooperative thread pool, which other suites running in parallel can keep busy for
        /// seconds on a loaded 2-core machine (5 s was once not enough there).
        func receives(_ wanted: (InboxHint) -> Bool) async -> Bool {
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                if buffer.takeHints().contains(where: wanted) { return true }
                await buffer.wait(until: .now + .milliseconds(100))
            }
            return false
        }
    }

    @Test func renamesWritesAndALostInboxAreReported() async throws {
        let dir = try Scratch.directory("watch")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let watcher = InboxWatcher(directory: dir)
        let hints = Collector(try await watcher.start())

        try write("x", to: dir + "/.a.tmp")
        try FileManager.default.moveItem(atPath: dir + "/.a.tmp", toPath: dir + "/a.csv")
        #expect(await hints.receives { $0 == .file(name: "a.csv", renamed: true) })

        try write("y", to: dir + "/b.csv")
        #expect(await hints.receives { $0 == .file(name: "b.csv", renamed: false) })

        // The inbox deleted: the watcher recreates it, watches again and asks for a rescan.
        try FileManager.default.removeItem(atPath: dir)
        #expect(await hints.receives { $0 == .rescan })
        #expect(FileManager.default.fileExists(atPath: dir))
        try await Task.sleep(for: .milliseconds(200))
        try write("z", to: dir + "/c.csv")
        #expect(await hints.receives { $0 == .file(name: "c.csv", renamed: false) }, "watched again")

        let stopped = ContinuousClock.now
        await watcher.stop()
        #expect(ContinuousClock.now - stopped < .seconds(3))
        await hints.task.value  // the stream ends
    }

    @Test func onlyOneWatcherRunsAtATime() async throws {
        let dir = try Scratch.directory("watch")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = InboxWatcher(directory: dir)
        _ = try await first.start()
        await #expect(throws: DaemonError.self) { _ = try await InboxWatcher(directory: dir).start() }
        await first.stop()
        let again = InboxWatcher(directory: dir)
        _ = try await again.start()
        await again.stop()
        await #expect(throws: DaemonError.self) { _ = try await InboxWatcher(directory: dir + "/missing").start() }
    }
}
