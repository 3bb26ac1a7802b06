import Foundation
import Logging
import Neural
import Reports
import ServiceLifecycle
import StockcastCore
import UnixSignals

/// `stockcast run`: watches the inbox and keeps the outbox up to date until SIGTERM or SIGINT
/// (or, with `once`, until the inbox is empty).
///
/// One structured task group holds the three sources of work: the inotify watcher's hints, the
/// SIGHUP signal sequence and the loop itself, which sleeps in the `Mailbox` until a hint, a
/// signal, its next deadline (a file settling, a retry, the rescan interval) or shutdown. What to
/// do next is the `IntakeSchedule`'s decision. Files are taken one by one, each in its own
/// transaction; a run is published when no file is ready any more. On shutdown the file in hand
/// is finished; training in progress is abandoned and resumed on the next start (the series stay
/// marked pending).
///
/// SIGHUP reads the configuration again (`reload`) and puts it in force between two files;
/// files waiting or settling stay where they are. Under systemd (`Type=notify`) the service
/// reports ready, reloading and stopping.
package struct DaemonService: Service {
    let pipeline: Pipeline
    let logger: Logger
    let once: Bool
    let reload: (@Sendable () async throws -> DaemonSettings)?
    let notifier = SystemdNotifier()

    /// - Parameter reload: reads the settings again, on SIGHUP; nil ignores SIGHUP.
    package init(
        pipeline: Pipeline, logger: Logger, once: Bool,
        reload: (@Sendable () async throws -> DaemonSettings)? = nil
    ) {
        self.pipeline = pipeline
        self.logger = logger
        self.once = once
        self.reload = reload
    }

    package func run() async throws {
        let settings = await pipeline.settings
        let mailbox = Mailbox()
        let watcher: InboxWatcher? = once ? nil : InboxWatcher(directory: settings.inbox)
        let hints = try await watcher?.start()
        let hangups = reload != nil && !once ? await UnixSignalsSequence(trapping: .sighup) : nil
        var failure: (any Error)?
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let hints {
                    group.addTask { for await hint in hints { mailbox.push(hint) } }
                }
                if let hangups {
                    group.addTask { for await _ in hangups { mailbox.requestReload() } }
                }
                defer { group.cancelAll() }
                try await loop(mailbox: mailbox, settings: settings)
            }
        } catch {
            failure = error
        }
        notifier.stopping()
        await watcher?.stop()
        await pipeline.writeStatus(state: .stopped)
        logger.info("stockcast stopped")
        if let failure { throw failure }
    }

    /// Takes files and publishes runs as the schedule decides, until shutdown (or, with `once`,
    /// until the inbox is empty).
    private func loop(mailbox: Mailbox, settings initial: DaemonSettings) async throws {
        var settings = initial
        logger.info(
            "stockcast started",
            metadata: [
                "inbox": "\(settings.inbox)", "outbox": "\(settings.outbox)",
                "models": "\(settings.models)", "mode": "\(once ? "once" : "watch")",
                "horizon": "\(settings.horizon)", "safety_factor": "\(settings.safetyFactor)",
                "settle_s": "\(settings.settleSeconds)", "kernel": "\(Kernels.activeDescription)",
                "version": "\(StockcastVersion.current)",
            ])
        await pipeline.recover()
        await pipeline.writeStatus(state: .idle)
        notifier.ready(status: once ? "processing the inbox once" : "watching \(settings.inbox)")

        let clock = ContinuousClock()
        var schedule = IntakeSchedule<ContinuousClock.Instant>(once: once)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if mailbox.takeReloadRequest(), let reload {
                settings = await reloadSettings(reload, current: settings)
            }
            try await pipeline.checkStorage()
            for hint in mailbox.takeHints() {
                switch hint {
                case let .file(name, true): schedule.renamedIn(name)
                case .file: break
                case .overflow:
                    logger.notice("inotify event queue overflowed: events were lost, the inbox is listed in full")
                case .rescan:
                    logger.notice("inbox watched again after it was deleted or moved; the inbox is listed in full")
                }
            }
            let candidates = pipeline.candidates()
            let storeHasWork = schedule.needsStoreCheck ? (try? await pipeline.hasPendingWork()) == true : false
            let listing = candidates.map { IntakeSchedule<ContinuousClock.Instant>.Listed(name: $0.name, size: $0.size, modified: $0.modified) }
            let rescan = Duration.seconds(settings.rescanSeconds)
            switch schedule.next(
                listing: listing, now: clock.now, settle: .seconds(settings.settleSeconds), rescan: rescan,
                storeHasWork: storeHasWork)
            {
            case let .take(names):
                let byName = Dictionary(candidates.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
                for name in names {
                    if Task.isShuttingDownGracefully { break }
                    guard let c = byName[name] else { continue }
                    let result = await pipeline.process(c)
                    if case let .blocked(reason) = result {
                        try await intakeBlocked(reason, schedule: &schedule, at: clock.now, rescan: rescan)
                        break
                    }
                    schedule.took(name, recorded: result.outcome != nil)
                }
            case .retryIntake:
                if await pipeline.recover() {
                    logger.notice("the claimed files are stored again; later files follow")
                    schedule.intakeRecovered()
                } else {
                    try await intakeBlocked(
                        await pipeline.stuck ?? "a claimed file could not be stored", schedule: &schedule,
                        at: clock.now, rescan: rescan)
                }
            case let .publish(recoverFirst):
                // Files that could not be moved while a publication kept failing are moved now.
                if recoverFirst { await pipeline.recover() }
                do {
                    try await cancelWhenGracefulShutdown { try await pipeline.publish() }
                    if schedule.retryAt != nil { logger.notice("publication succeeded again") }
                    schedule.published()
                } catch is CancellationError {
                    logger.notice("publication interrupted by shutdown; it resumes on the next start")
                    return
                } catch {
                    if once {
                        await pipeline.fail("publication failed: \(error)")
                        await pipeline.writeStatus(state: .idle)
                        throw DaemonError("publication failed: \(error)")
                    }
                    let delay = schedule.publicationFailed(at: clock.now, rescan: rescan)
                    await pipeline.fail("publication failed (retried in \(Int(delay.seconds)) s): \(error)")
                    await pipeline.writeStatus(state: .idle)
                }
            case .finish:
                return
            case let .wait(until):
                let deadline = max(until, clock.now.advanced(by: .milliseconds(20)))
                await withGracefulShutdownHandler {
                    await mailbox.wait(until: deadline)
                } onGracefulShutdown: {
                    mailbox.wake()
                }
            }
        }
    }

    /// Notes that a claimed file could not be stored: with `once` the run ends with an error (the
    /// file stays claimed and goes first next time); otherwise it is retried after a delay, said
    /// in the log and status.json.
    private func intakeBlocked(
        _ reason: String, schedule: inout IntakeSchedule<ContinuousClock.Instant>,
        at now: ContinuousClock.Instant, rescan: Duration
    ) async throws {
        if once { throw DaemonError("\(reason); it stays in inbox/.work/ and is taken first on the next start") }
        let delay = schedule.intakeBlocked(at: now, rescan: rescan)
        await pipeline.fail("\(reason); retried in \(Int(delay.seconds)) s, and no later file is taken before it")
        await pipeline.writeStatus(state: .idle)
    }

    /// Reads the settings again and puts them in force; on any problem logs it, records it in
    /// status.json and keeps `current`. Returns the settings in force.
    private func reloadSettings(_ reload: @Sendable () async throws -> DaemonSettings, current: DaemonSettings) async -> DaemonSettings {
        notifier.reloading()
        defer { notifier.ready(status: "watching \(current.inbox)") }
        do {
            let new = try await reload()
            let changed = try await pipeline.reload(new)
            logger.info(
                "configuration reloaded",
                metadata: ["changed": "\(changed.isEmpty ? "nothing" : changed.map(\.rawValue).joined(separator: ","))"])
            await pipeline.writeStatus(state: .idle)
            return new
        } catch {
            await pipeline.fail("configuration not reloaded: \(error)")
            await pipeline.writeStatus(state: .idle)
            return current
        }
    }
}
