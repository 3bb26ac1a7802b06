import Foundation
import Logging
import Neural
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
///
/// SIGHUP reads the configuration again (`reload`) and puts it in force between two files;
/// files waiting or settling stay where they are. Under systemd (`Type=notify`) the service
/// reports ready, reloading and stopping.
public struct DaemonService: Service {
    let pipeline: Pipeline
    let logger: Logger
    let once: Bool
    let reload: (@Sendable () async throws -> DaemonSettings)?
    let notifier = SystemdNotifier()

    /// Longest that publication waits for files still settling.
    static let maximumDeferral: Duration = .seconds(10)
    /// Wait before retrying a failed publication; it doubles with each failure, up to the
    /// rescan interval.
    static let firstRetryDelay: Duration = .seconds(1)

    /// - Parameter reload: reads the settings again, on SIGHUP; nil ignores SIGHUP.
    public init(pipeline: Pipeline, logger: Logger, once: Bool,
                reload: (@Sendable () async throws -> DaemonSettings)? = nil) {
        self.pipeline = pipeline
        self.logger = logger
        self.once = once
        self.reload = reload
    }

    public func run() async throws {
        var settings = await pipeline.settings
        let hints = HintBuffer()
        var hangups: DispatchSourceSignal?
        if reload != nil && !once {
            signal(SIGHUP, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
            source.setEventHandler { hints.requestReload() }
            source.resume()
            hangups = source
        }
        defer { hangups?.cancel() }
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
                                                     "settle_s": "\(settings.settleSeconds)", "kernel": "\(Kernels.activeDescription)",
                                                     "version": "\(StockcastVersion.current)"])
        await pipeline.recover()
        await pipeline.writeStatus(state: "idle")
        notifier.ready(status: once ? "processing the inbox once" : "watching \(settings.inbox)")

        let clock = ContinuousClock()
        var seen: [String: (size: Int, modified: Int, since: ContinuousClock.Instant)] = [:]
        var renamed: Set<String> = []
        var deferredSince: ContinuousClock.Instant?
        var processedSincePublish = false
        // After a failed publication (a full disk, say): when to try again, and how long to wait
        // after the next failure (doubling up to the rescan interval), so that a lasting problem
        // is retried calmly rather than in a busy loop.
        var retryAt: ContinuousClock.Instant?
        var retryDelay = DaemonService.firstRetryDelay
        // With `once`, a failed publication ends the run with an error instead.
        var onceFailure: (any Error)?

        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if hints.takeReloadRequest(), let reload {
                settings = await reloadSettings(reload, current: settings)
            }
            let settle = Duration.seconds(settings.settleSeconds)
            for hint in hints.take() {
                switch hint {
                case let .file(name, true): renamed.insert(name)
                case .file: break
                case .overflow:
                    logger.notice("inotify event queue overflowed: events were lost, the inbox is listed in full")
                case .rescan:
                    logger.notice("inbox watched again after it was deleted or moved; the inbox is listed in full")
                }
            }
            let now = clock.now
            var ready: [Inbox.Candidate] = []
            var settling = false
            var nextWake = now + .seconds(settings.rescanSeconds)
            let candidates = pipeline.candidates()
            for c in candidates {
                if once || renamed.contains(c.name) {
                    ready.append(c)
                } else if let s = seen[c.name], s.size == c.size, s.modified == c.modified {
                    if now - s.since >= settle {
                        ready.append(c)
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

            for c in ready {
                if Task.isShuttingDownGracefully { break }
                if await pipeline.process(c) != nil { processedSincePublish = true }
                seen[c.name] = nil
                renamed.remove(c.name)
            }
            if !ready.isEmpty { continue }  // look again before publishing: more may have come

            var pending = processedSincePublish
            if !pending { pending = (try? await pipeline.hasPendingWork()) == true }
            if pending, !once, let at = retryAt, now < at {
                pending = false  // the last publication failed: wait before trying again
                nextWake = min(nextWake, at)
            }
            if pending {
                if settling && !once {
                    deferredSince = deferredSince ?? now
                }
                if !settling || once || now - deferredSince! >= DaemonService.maximumDeferral {
                    if retryAt != nil {
                        // Files that could not be moved while the problem lasted are moved now.
                        await pipeline.recover()
                    }
                    do {
                        try await cancelWhenGracefulShutdown { try await pipeline.publish() }
                        processedSincePublish = false
                        deferredSince = nil
                        if retryAt != nil { logger.notice("publication succeeded again") }
                        retryAt = nil
                        retryDelay = DaemonService.firstRetryDelay
                    } catch is CancellationError {
                        logger.notice("publication interrupted by shutdown; it resumes on the next start")
                        break
                    } catch {
                        await pipeline.fail("publication failed" + (once ? "" : " (retried in \(Int(retryDelay.seconds)) s)") + ": \(error)")
                        await pipeline.writeStatus(state: "idle")
                        processedSincePublish = false
                        deferredSince = nil
                        if once {
                            onceFailure = error
                            break
                        }
                        retryAt = clock.now + retryDelay
                        retryDelay = min(retryDelay * 2, max(.seconds(settings.rescanSeconds), DaemonService.firstRetryDelay))
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
        notifier.stopping()
        await watcher?.stop()
        await pipeline.writeStatus(state: "stopped")
        logger.info("stockcast stopped")
        if let onceFailure { throw DaemonError("publication failed: \(onceFailure)") }
    }

    /// Reads the settings again and puts them in force; on any problem logs it, records it in
    /// status.json and keeps `current`. Returns the settings in force.
    private func reloadSettings(_ reload: @Sendable () async throws -> DaemonSettings, current: DaemonSettings) async -> DaemonSettings {
        notifier.reloading()
        defer { notifier.ready(status: "watching \(current.inbox)") }
        do {
            let new = try await reload()
            let changed = try await pipeline.reload(new)
            logger.info("configuration reloaded", metadata: ["changed": "\(changed.isEmpty ? "nothing" : changed.joined(separator: ","))"])
            await pipeline.writeStatus(state: "idle")
            return new
        } catch {
            await pipeline.fail("configuration not reloaded: \(error)")
            await pipeline.writeStatus(state: "idle")
            return current
        }
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
        var reloadRequested = false
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

    /// Asks the loop to read the configuration again, waking it.
    func requestReload() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.reloadRequested = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// Whether a reload was asked for since the last call.
    func takeReloadRequest() -> Bool {
        state.withLock { s in
            defer { s.reloadRequested = false }
            return s.reloadRequested
        }
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
                if !s.hints.isEmpty || s.woken || s.reloadRequested { return true }
                s.waiter = c
                return false
            }
            if resumeNow { c.resume() }
        }
    }
}
