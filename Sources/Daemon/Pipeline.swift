import Forecasting
import Foundation
import Logging
import Planning
import Reports
import StockcastCore
import Store

/// The daemon's work, in the order data flows, one stage each: `Intake` claims, reads and
/// records inbox files (one transaction each); a run (`publish`) then has `ModelUpkeep` maintain
/// the models of the series that changed, `ForecastStage` forecast, `ReportAssembly` plan and
/// report, `AlertEvaluation` evaluate alerts and `Publisher` write the outbox. The actor is the
/// one owner of the mutable state the stages share: the settings in force, the status, the
/// summary rows between runs.
package actor Pipeline {
    /// The settings in force; `reload(_:)` replaces them between files.
    package private(set) var settings: DaemonSettings
    let logger: Logger
    let inbox: Inbox
    let outbox: Outbox
    let database: StockcastDatabase
    let modelFiles: ModelFiles
    let intake: Intake
    let upkeep: ModelUpkeep
    let forecasts: ForecastStage
    let assembly: ReportAssembly
    let publisher: Publisher
    var status: DaemonStatus
    private var sequence: Int
    /// The device and inode of `models/` and of the database file as opened: if either is
    /// deleted or replaced while running, the daemon stops rather than go on with an empty
    /// history (`checkStorage`).
    private let storageIdentity: [String: FileIdentity]
    /// Why the oldest claimed file could not be stored, while it cannot (`process` retries it
    /// before claiming anything new).
    private(set) var stuck: String?
    /// Why each file this pipeline rejected as unreadable (permissions, I/O) could not be read;
    /// `run --once` fails when there is any.
    package private(set) var unreadableFiles: [String] = []
    /// The last report of every product, for summary.csv (see `summaryReports`).
    var summaryCache: [String: ProductReport] = [:]

    /// Opens the store and prepares the directories.
    package init(settings: DaemonSettings, logger: Logger) throws {
        if let problem = settings.problem { throw DaemonError("invalid settings: \(problem)") }
        self.settings = settings
        self.logger = logger
        inbox = Inbox(root: settings.inbox, logger: logger)
        outbox = Outbox(root: settings.outbox)
        modelFiles = ModelFiles(root: settings.models)
        try inbox.prepare()
        try AtomicFile.createDirectories(settings.outbox)
        // Temporary files of writes a crash interrupted (a running process's writes stay).
        for directory in [settings.outbox, settings.models] {
            for path in AtomicFile.removeLeftovers(under: directory) {
                logger.info("removed temporary file left by an interrupted write", metadata: ["file": "\(path)"])
            }
        }
        database = try StockcastDatabase(path: settings.databasePath, busyTimeout: settings.databaseBusySeconds)
        var identity: [String: FileIdentity] = [:]
        for path in [settings.models, settings.databasePath] { identity[path] = FileIdentity(path: path) }
        storageIdentity = identity
        intake = Intake(inbox: inbox, outbox: outbox, database: database, logger: logger)
        upkeep = ModelUpkeep(modelFiles: modelFiles, database: database, logger: logger)
        forecasts = ForecastStage(modelFiles: modelFiles, database: database)
        assembly = ReportAssembly(database: database, forecasts: forecasts)
        publisher = Publisher(outbox: outbox)
        status = DaemonStatus(version: StockcastVersion.current, state: .starting, started: .now())
        sequence = Int(Date().timeIntervalSince1970 * 1000) * 1000
        outbox.keepReserve()
    }

    /// Files waiting in the inbox.
    nonisolated func candidates() -> [Inbox.Candidate] { inbox.candidates() }

    /// Names of the files waiting in the inbox.
    package nonisolated func waitingFiles() -> [String] { inbox.candidates().map(\.name) }

    /// True when the store holds no history yet.
    package func isEmpty() throws -> Bool { try database.products().isEmpty }

    /// Whether series, products or recorded files wait for maintenance or publication (for
    /// example after a crash), or a `FileRejected` fires whose rejection the operator withdrew
    /// (`stockcast resolve`, or the file taken out of `inbox/rejected/`): the loop asks at every
    /// look at the inbox, so a withdrawal is noticed within `rescanSeconds`.
    package func hasPendingWork() throws -> Bool {
        try !database.pendingSeries().isEmpty || !database.productsToPublish().isEmpty
            || !database.filesSincePublication().files.isEmpty || !withdrawnRejections().isEmpty
    }

    // MARK: - Files

    /// Finishes what a crash or a failing store interrupted, oldest claim first: files recorded
    /// in the ledger but not yet moved are moved (a rejection's report written again), and files
    /// claimed but never recorded are processed now. Nothing is applied twice: the ledger says
    /// what was applied. Returns true when nothing claimed is left waiting.
    @discardableResult
    package func recover() -> Bool {
        do {
            for entry in try database.unsettledEntries() {
                // A recorded file is applied (or rejected) already: one that cannot be moved yet (a
                // full disk for its error report) waits for a later try without holding up others.
                do {
                    try intake.settle(entry)
                } catch {
                    fail("file \(entry.file.name) is recorded but could not be moved yet: \(error)")
                    continue
                }
                logger.info(
                    "recovered file",
                    metadata: [
                        "file": "\(entry.file.name)", "outcome": "\(entry.status.rawValue)",
                        "moved_to": "inbox/\(entry.destination)",
                    ])
            }
            for workName in try inbox.leftoverWork() where try database.entry(workName: workName) == nil {
                let result = take(
                    workName: workName, name: Inbox.originalName(ofWorkName: workName),
                    key: Inbox.originalKey(ofWorkName: workName))
                if case .blocked = result { return false }
            }
            stuck = nil
            return true
        } catch {
            stuck = "recovery: \(error)"
            fail(stuck!)
            return false
        }
    }

    /// Whether a file claimed earlier is not in the ledger yet (it must go first).
    private func hasUnrecordedWork() -> Bool {
        ((try? inbox.leftoverWork()) ?? []).contains { (try? database.entry(workName: $0)) == nil }
    }

    /// Claims, reads and records one inbox file.
    package func process(_ name: String) -> IntakeResult {
        process(Inbox.Candidate(name: name, size: 0, modified: 0))
    }

    /// Claims, reads and records an inbox file as the listing found it (under its name's
    /// bytes, which need not be UTF-8). Files take effect in the order they were claimed: while
    /// an earlier claimed file cannot be stored, it is retried first and nothing new is claimed.
    func process(_ candidate: Inbox.Candidate) -> IntakeResult {
        if stuck != nil || hasUnrecordedWork(), !recover() {
            return .blocked(stuck ?? "an earlier file is still being stored")
        }
        sequence += 1
        let claimed: String?
        do throws(DaemonError) {
            claimed = try inbox.claim(candidate, sequence: sequence)
        } catch {
            // The inbox cannot be used (a folder became a link, say): the file stays where it is.
            fail("file \(candidate.name) not taken: \(error)")
            return .vanished
        }
        guard let workName = claimed else { return .vanished }
        return take(workName: workName, name: candidate.name, key: candidate.key)
    }

    private func take(workName: String, name: String, key: String) -> IntakeResult {
        do {
            let outcome = try intake.take(workName: workName, name: name, key: key, received: .now(), settings: settings)
            if outcome.status == .rejected, let error = outcome.error { status.lastError = (.now(), error) }
            if outcome.unreadable { unreadableFiles.append(outcome.error ?? name) }
            stuck = nil
            return .taken(outcome)
        } catch {
            if let entry = try? database.entry(workName: workName) {
                // Recorded, but not moved (its error report could not be written, say): it took
                // effect, and is moved by a later recovery.
                fail("file \(name) is recorded but could not be moved yet: \(error)")
                return .taken(
                    FileOutcome(
                        name: name, status: entry.status, destination: entry.destination, rows: entry.rows ?? 0,
                        products: 0, error: entry.error))
            }
            // The store or the file system failed: the file stays claimed in .work/ and is
            // retried before any later file is claimed.
            stuck = "file \(name) could not be stored: \(error)"
            fail(stuck!)
            return .blocked(stuck!)
        }
    }

    /// Fails when `models/` or the database was deleted or replaced since the daemon opened
    /// them: going on would start an empty history beside the open, deleted one.
    /// - Throws: `DaemonError` saying which, after recording it for status.json.
    package func checkStorage() throws {
        for (path, opened) in storageIdentity.sorted(by: { $0.key < $1.key }) where FileIdentity(path: path) != opened {
            let message =
                "\(path) was deleted or replaced while the daemon ran; stopping so that nothing continues on an empty history (restore it, or start again to begin a new one)"
            fail(message)
            throw DaemonError(message)
        }
    }

    // MARK: - Settings

    /// Puts `new` in force (between files: nothing in hand is affected, nothing waiting is
    /// lost) and returns the settings that changed. When any of them shapes the reports, every
    /// product is published again. Directories cannot change while running.
    /// - Throws: `DaemonError` for invalid settings or changed directories; the old settings
    ///   stay in force.
    package func reload(_ new: DaemonSettings) throws -> [DaemonSettings.Key] {
        if let problem = new.problem { throw DaemonError("invalid settings: \(problem); the previous settings stay in force") }
        for (name, old, now) in [("inbox", settings.inbox, new.inbox), ("outbox", settings.outbox, new.outbox), ("models", settings.models, new.models)]
        where old != now {
            throw DaemonError("the \(name) directory cannot change while the daemon runs (\(old) → \(now)): restart it; the previous settings stay in force")
        }
        let changed = DaemonSettings.Key.changed(from: settings, to: new)
        settings = new
        if changed.contains(where: \.shapesReports) {
            summaryCache = [:]
            try database.markForPublication(database.products())
        }
        return changed
    }

    // MARK: - Status

    /// Records an error for `status.json` and the log.
    func fail(_ message: String) {
        status.lastError = (.now(), message)
        logger.error("\(message)")
    }

    /// Records each problem a stage reported.
    func fail(_ problems: [String]) {
        for problem in problems { fail(problem) }
    }

    /// Publishes `status.json` with the daemon in `state`.
    package func writeStatus(state: DaemonState) {
        status.state = state
        status.queue = inbox.candidates().count
        if let problem = inbox.problems.message, status.lastError?.message != problem { status.lastError = (.now(), problem) }
        if let counts = try? database.fileCounts() {
            status.filesAccepted = counts[.accepted] ?? 0
            status.filesRejected = counts[.rejected] ?? 0
            status.filesDuplicate = counts[.duplicate] ?? 0
            status.filesSeen = counts.values.reduce(0, +)
        }
        status.products = (try? database.products().count) ?? status.products
        let bytes = Rendering.statusJSON(status)
        logger.debug("status written", metadata: ["state": "\(state.rawValue)", "queue": "\(status.queue)"])
        do {
            try outbox.publish(Outbox.status, bytes)
        } catch let error as FileError where error.code == ENOSPC || error.code == EDQUOT {
            // The disk is full: the reserve makes room for status.json to say so.
            guard outbox.releaseReserve() else {
                logger.error("cannot publish status.json: \(error)")
                return
            }
            do {
                try outbox.publish(Outbox.status, bytes)
                logger.warning("the outbox's file system is full: its reserve was freed to publish status.json")
            } catch {
                logger.error("cannot publish status.json: \(error)")
            }
        } catch {
            logger.error("cannot publish status.json: \(error)")
        }
    }
}
