import Foundation
import Logging
import ServiceLifecycle
import StockcastCore
import Synchronization

/// `stockcast run`: watches the inbox and keeps the outbox up to date until SIGTERM or SIGINT
/// (or, with `once`, until the inbox is empty).
///
/// A file renamed into the inbox is taken at once; one written in place once its size and
/// modification time have held still for the settle time. Files are taken one by one, each in
/// its own transaction; the models of the products they touched are maintained, and the outbox
/// published, when no file is ready any more, so that a burst of files trains each product
/// once. On shutdown the file in hand is finished; training in progress is abandoned and
/// resumed on the next start (the series stay marked pending).
public struct DaemonService: Service {
    let pipeline: Pipeline
    let logger: Logger
    let once: Bool

    /// Longest that publication waits for files still settling.
    static let maximumDeferral: Duration = .seconds(10)

    public init(pipeline: Pipeline, logger: Logger, once: Bool) {
        self.pipeline = pipeline
        self.logger = logger
        self.once = once
    }

    public func run() async throws {
        let settings = pipeline.settings
        let hints = HintBuffer()
        var watcher: InboxWatcher?
        var reader: Task<Void, Never>?
        if !once {
            let w = InboxWatcher(directory: settings.inbox)
            let stream = try await w.start()
            watcher = w
            reader = Task { for await hint in stream { hints.push(hint) } }
        }
        defer { reader?.cancel() }
        logger.info("stockcast started", metadata: ["inbox": "\(settings.inbox)", "outbox": "\(settings.outbox)",
                                                     "models": "\(settings.models)", "mode": "\(once ? "once" : "watch")",
                                                     "horizon": "\(settings.horizon)", "safety_factor": "\(settings.safetyFactor)",
                                                     "settle_s": "\(settings.settleSeconds)",
                                                     "version": "\(StockcastVersion.current)"])
        await pipeline.recover()
        await pipeline.writeStatus(state: "idle")

        let clock = ContinuousClock()
        let settle = Duration.seconds(settings.settleSeconds)
        var seen: [String: (size: Int, modified: Int, since: ContinuousClock.Instant)] = [:]
        var renamed: Set<String> = []
        var deferredSince: ContinuousClock.Instant?
        var processedSincePublish = false

        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            for hint in hints.take() {
                if case let .file(name, true) = hint { renamed.insert(name) }
            }
            let now = clock.now
            var ready: [String] = []
            var settling = false
            var nextWake = now + .seconds(settings.rescanSeconds)
            let candidates = pipeline.candidates()
            for c in candidates {
                if once || renamed.contains(c.name) {
                    ready.append(c.name)
                } else if let s = seen[c.name], s.size == c.size, s.modified == c.modified {
                    if now - s.since >= settle {
                        ready.append(c.name)
                    } else {
                        settling = true
                        nextWake = min(nextWake, s.since + settle)
                    }
                } else {
                    seen[c.name] = (c.size, c.modified, now)
                    settling = true
                    nextWake = min(nextWake, now + settle)
                }
            }
            let present = Set(candidates.map(\.name))
            seen = seen.filter { present.contains($0.key) }
            renamed = renamed.filter { present.contains($0) }

            for name in ready {
                if Task.isShuttingDownGracefully { break }
                if await pipeline.process(name) != nil { processedSincePublish = true }
                seen[name] = nil
                renamed.remove(name)
            }
            if !ready.isEmpty { continue }  // look again before publishing: more may have come

            var pending = processedSincePublish
            if !pending { pending = (try? await pipeline.hasPendingWork()) == true }
            if pending {
                if settling && !once {
                    deferredSince = deferredSince ?? now
                }
                if !settling || once || now - deferredSince! >= DaemonService.maximumDeferral {
                    do {
                        try await cancelWhenGracefulShutdown { try await pipeline.publish() }
                        processedSincePublish = false
                        deferredSince = nil
                    } catch is CancellationError {
                        logger.notice("publication interrupted by shutdown; it resumes on the next start")
                        break
                    } catch {
                        await pipeline.fail("publication failed: \(error)")
                        await pipeline.writeStatus(state: "idle")
                        processedSincePublish = false
                        deferredSince = nil
                    }
                    continue
                }
            }
            if once { break }
            let wait = max(nextWake - clock.now, .milliseconds(20))
            await withGracefulShutdownHandler {
                await hints.wait(for: wait)
            } onGracefulShutdown: {
                hints.wake()
            }
        }
        await watcher?.stop()
        await pipeline.writeStatus(state: "stopped")
        logger.info("stockcast stopped")
    }
}

extension Pipeline {
    /// Whether series, products or recorded files wait for maintenance or publication (for
    /// example after a crash).
    public func hasPendingWork() throws -> Bool {
        try !database.pendingSeries().isEmpty || !database.productsToPublish().isEmpty
            || !database.filesSincePublication().files.isEmpty
    }
}

/// Hints from the watcher, collected until the service loop takes them; the loop sleeps until
/// a hint arrives, a deadline passes, or shutdown wakes it.
final class HintBuffer: Sendable {
    private struct State {
        var hints: [InboxHint] = []
        var waiter: CheckedContinuation<Void, Never>?
        var woken = false
    }
    private let state = Mutex(State())

    func push(_ hint: InboxHint) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.hints.append(hint)
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    func take() -> [InboxHint] {
        state.withLock { s in
            defer { s.hints = [] }
            return s.hints
        }
    }

    /// Ends a current or the next wait at once.
    func wake() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.woken = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Returns when a hint is waiting, `timeout` has passed, or `wake()` was called.
    func wait(for timeout: Duration) async {
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
                defer { s.waiter = nil }
                return s.waiter
            }
            waiter?.resume()
        }
        defer { timer.cancel() }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { s -> Bool in
                if !s.hints.isEmpty || s.woken { return true }
                s.waiter = c
                return false
            }
            if resumeNow { c.resume() }
        }
    }
}
