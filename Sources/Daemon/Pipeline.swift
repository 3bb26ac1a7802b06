import Foundation
import Forecasting
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
        database = try StockcastDatabase(path: settings.databasePath)
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

    /// Finishes what a crash interrupted: files recorded in the ledger but not yet moved are
    /// moved (a rejection's report written again), and files claimed but never recorded are
    /// processed now. Nothing is applied twice: the ledger says what was applied.
    package func recover() {
        do {
            for entry in try database.unsettledEntries() {
                try intake.settle(entry)
                logger.info("recovered file", metadata: ["file": "\(entry.file.name)", "outcome": "\(entry.status.rawValue)",
                                                         "moved_to": "inbox/\(entry.destination)"])
            }
            for workName in try inbox.leftoverWork() where try database.entry(workName: workName) == nil {
                _ = take(workName: workName, name: Inbox.originalName(ofWorkName: workName), key: Inbox.originalKey(ofWorkName: workName))
            }
        } catch {
            fail("recovery: \(error)")
        }
    }

    /// Claims, reads and records one inbox file; nil when it vanished before it could be claimed.
    package func process(_ name: String) -> FileOutcome? {
        process(Inbox.Candidate(name: name, size: 0, modified: 0))
    }

    /// Claims, reads and records an inbox file as the listing found it (under its name's
    /// bytes, which need not be UTF-8); nil when it vanished before it could be claimed.
    func process(_ candidate: Inbox.Candidate) -> FileOutcome? {
        sequence += 1
        let claimed: String?
        do throws(DaemonError) {
            claimed = try inbox.claim(candidate, sequence: sequence)
        } catch {
            // The inbox cannot be used (a folder became a link, say): the file stays where it is.
            fail("file \(candidate.name) not taken: \(error)")
            return nil
        }
        guard let workName = claimed else { return nil }
        return take(workName: workName, name: candidate.name, key: candidate.key)
    }

    private func take(workName: String, name: String, key: String) -> FileOutcome? {
        do {
            let outcome = try intake.take(workName: workName, name: name, key: key, received: .now(), settings: settings)
            if outcome.status == .rejected, let error = outcome.error { status.lastError = (.now(), error) }
            if outcome.unreadable { unreadableFiles.append(outcome.error ?? name) }
            return outcome
        } catch {
            // The store or the file system failed: the file stays claimed in .work/ and is
            // taken up again on the next start.
            fail("file \(name): \(error)")
            return nil
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
