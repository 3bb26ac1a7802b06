import Foundation
import Forecasting
import Ingest
import Logging
import Planning
import Reports
import StockcastCore
import Store

/// What happened to one inbox file.
public struct FileOutcome: Sendable, Equatable {
    /// The name it arrived under.
    public var name: String
    public var status: FileStatus
    /// Where it went, relative to the inbox.
    public var destination: String
    /// Rows read (accepted files).
    public var rows: Int
    /// Products whose history changed.
    public var products: Int
    /// The rejection's message.
    public var error: String?
}

/// The daemon's work, in the order data flows: claim and ingest inbox files into the store
/// (one transaction each), then maintain the models of the series that changed, forecast,
/// plan, evaluate alerts and publish the outbox. One owner of all mutable state.
public actor Pipeline {
    /// The settings in force; `reload(_:)` replaces them between files.
    public private(set) var settings: DaemonSettings
    let logger: Logger
    let inbox: Inbox
    let outbox: Outbox
    let database: StockcastDatabase
    let modelFiles: ModelDirectory
    var status: DaemonStatus
    private var sequence: Int
    /// The last report of every product, for summary.csv (see `summaryReports`).
    var summaryCache: [String: ProductReport] = [:]

    /// Opens the store and prepares the directories.
    public init(settings: DaemonSettings, logger: Logger) throws {
        if let problem = settings.problem { throw DaemonError("invalid settings: \(problem)") }
        self.settings = settings
        self.logger = logger
        inbox = Inbox(root: settings.inbox)
        outbox = Outbox(root: settings.outbox)
        modelFiles = ModelDirectory(root: settings.models)
        try inbox.prepare()
        try AtomicFile.createDirectories(settings.outbox)
        // Temporary files of writes a crash interrupted (a running process's writes stay).
        for directory in [settings.outbox, settings.models] {
            for path in AtomicFile.removeLeftovers(under: directory) {
                logger.info("removed temporary file left by an interrupted write", metadata: ["file": "\(path)"])
            }
        }
        database = try StockcastDatabase(path: settings.databasePath)
        status = DaemonStatus(version: StockcastVersion.current, state: "starting", started: .now())
        sequence = Int(Date().timeIntervalSince1970 * 1000) * 1000
        outbox.keepReserve()
    }

    /// Files waiting in the inbox.
    nonisolated func candidates() -> [Inbox.Candidate] { inbox.candidates() }

    /// Names of the files waiting in the inbox.
    public nonisolated func waitingFiles() -> [String] { inbox.candidates().map(\.name) }

    /// True when the store holds no history yet.
    public func isEmpty() throws -> Bool { try database.products().isEmpty }

    // MARK: - Files

    /// Finishes what a crash interrupted: files recorded in the ledger but not yet moved are
    /// moved (a rejection's report written again), and files claimed but never recorded are
    /// processed now. Nothing is applied twice: the ledger says what was applied.
    public func recover() {
        do {
            for entry in try database.unsettledEntries() {
                try settle(entry)
                logger.info("recovered file", metadata: ["file": "\(entry.file.name)", "outcome": "\(entry.status.rawValue)",
                                                         "moved_to": "inbox/\(entry.destination)"])
            }
            for workName in inbox.leftoverWork() where try database.entry(workName: workName) == nil {
                _ = processClaimed(workName: workName, name: Inbox.originalName(ofWorkName: workName), received: .now())
            }
        } catch {
            fail("recovery: \(error)")
        }
    }

    /// Claims, reads and records one inbox file; nil when it vanished before it could be claimed.
    public func process(_ name: String) -> FileOutcome? {
        process(Inbox.Candidate(name: name, size: 0, modified: 0))
    }

    /// Claims, reads and records an inbox file as the listing found it (under its name's
    /// bytes, which need not be UTF-8); nil when it vanished before it could be claimed.
    func process(_ candidate: Inbox.Candidate) -> FileOutcome? {
        sequence += 1
        guard let workName = inbox.claim(candidate, sequence: sequence) else { return nil }
        return processClaimed(workName: workName, name: candidate.name, received: .now())
    }

    private func processClaimed(workName: String, name: String, received: Timestamp) -> FileOutcome? {
        let clock = ContinuousClock()
        let started = clock.now
        let path = inbox.work + "/" + workName
        do {
            let (sha256, size) = try FileDigest.sha256(path: path)
            let hashed = clock.now
            let file = ArrivingFile(name: name, workName: workName, size: size, sha256: sha256, received: received)
            var timings: Logger.Metadata = ["hash_ms": "\(ms(hashed - started))"]
            let entry: LedgerEntry
            var outcome: FileOutcome
            if let original = try database.acceptedEntry(sha256: sha256) {
                entry = try database.recordDuplicate(file, destination: inbox.destination(for: name, in: "archive"), of: original)
                outcome = FileOutcome(name: name, status: .duplicate, destination: entry.destination, rows: 0, products: 0,
                                      error: entry.error)
            } else {
                do {
                    // Debug lines mark where the work on a file is (the crash tests aim kills with them).
                    logger.debug("reading file", metadata: ["file": "\(name)", "work_name": "\(workName)"])
                    let content = try ERPFile.read(path: path, options: settings.ingestOptions(today: received.day))
                    try checkCatalogue(content, name: name)
                    let parsed = clock.now
                    logger.debug("storing file", metadata: ["file": "\(name)", "work_name": "\(workName)", "rows": "\(content.rows)"])
                    let applied = try database.recordAccepted(file, destination: inbox.destination(for: name, in: "archive"),
                                                              content: content)
                    timings["parse_ms"] = "\(ms(parsed - hashed))"
                    timings["store_ms"] = "\(ms(clock.now - parsed))"
                    timings["dialect"] = "\(content.dialect)"
                    entry = applied.entry
                    outcome = FileOutcome(name: name, status: .accepted, destination: entry.destination, rows: content.rows,
                                          products: applied.changed.count, error: nil)
                } catch let error as IngestError {
                    var located = error
                    located.file = name
                    entry = try database.recordRejected(file, destination: inbox.destination(for: name, in: "rejected"), error: located)
                    outcome = FileOutcome(name: name, status: .rejected, destination: entry.destination, rows: 0, products: 0,
                                          error: located.description)
                    status.lastError = (.now(), located.description)
                }
            }
            try settle(entry)
            var metadata: Logger.Metadata = [
                "file": "\(name)", "outcome": "\(outcome.status.rawValue)", "moved_to": "inbox/\(outcome.destination)",
                "bytes": "\(size)", "rows": "\(outcome.rows)", "products": "\(outcome.products)",
                "sha256": "\(sha256.prefix(16))", "total_ms": "\(ms(clock.now - started))",
            ]
            metadata.merge(timings) { a, _ in a }
            if let error = outcome.error { metadata["reason"] = "\(error)" }
            if outcome.status == .rejected {
                logger.warning("file rejected", metadata: metadata)
            } else {
                logger.info("file \(outcome.status.rawValue)", metadata: metadata)
            }
            return outcome
        } catch {
            // The store or the file system failed: the file stays claimed in .work/ and is
            // taken up again on the next start.
            fail("file \(name): \(error)")
            return nil
        }
    }

    /// Refuses a file that would bring the history above `maxProducts` products.
    private func checkCatalogue(_ content: IngestedFile, name: String) throws {
        let unknown = try database.unknownProductCount(among: content.totals.keys)
        guard unknown > 0 else { return }
        let known = try database.productCount()
        guard known + unknown > settings.maxProducts else { return }
        throw IngestError(file: name, reason: "brings \(unknown) new product\(unknown == 1 ? "" : "s") to the \(known) of the history: \(known + unknown) in all, and Stockcast plans at most \(settings.maxProducts) (maxProducts in the configuration)")
    }

    /// Moves a recorded file to its destination (writing a rejection's report first) and marks
    /// it settled.
    private func settle(_ entry: LedgerEntry) throws {
        if entry.status == .rejected {
            let rejection = Rejection(file: entry.file.name, receivedAt: entry.file.received, line: entry.errorLine,
                                      column: entry.errorColumn, reason: entry.error ?? "rejected",
                                      message: Self.rejectionMessage(entry),
                                      movedTo: (settings.inbox as NSString).lastPathComponent + "/" + entry.destination)
            try outbox.publish(Outbox.errorFile(entry.file.name), Rendering.rejectionJSON(rejection))
        }
        try inbox.settle(workName: entry.file.workName, destination: entry.destination)
        try database.markSettled(entry.id)
    }

    // MARK: - Settings

    /// Puts `new` in force (between files: nothing in hand is affected, nothing waiting is
    /// lost) and returns the names of the settings that changed. When any of them shapes the
    /// reports, every product is published again. Directories cannot change while running.
    /// - Throws: `DaemonError` for invalid settings or changed directories; the old settings
    ///   stay in force.
    public func reload(_ new: DaemonSettings) throws -> [String] {
        if let problem = new.problem { throw DaemonError("invalid settings: \(problem); the previous settings stay in force") }
        for (name, old, now) in [("inbox", settings.inbox, new.inbox), ("outbox", settings.outbox, new.outbox), ("models", settings.models, new.models)]
        where old != now {
            throw DaemonError("the \(name) directory cannot change while the daemon runs (\(old) → \(now)): restart it; the previous settings stay in force")
        }
        let changed = Self.differences(settings, new)
        settings = new
        let shapeReports: Set<String> = ["horizon", "safetyFactor", "policyKind", "serviceLevel", "leadTimeDays", "reviewDays",
                                         "forecastDays", "thresholds"]
        if !shapeReports.isDisjoint(with: changed) {
            summaryCache = [:]
            try database.markForPublication(database.products())
        }
        return changed
    }

    /// The names of the stored properties whose values differ.
    static func differences(_ a: DaemonSettings, _ b: DaemonSettings) -> [String] {
        zip(Mirror(reflecting: a).children, Mirror(reflecting: b).children).compactMap { x, y in
            String(describing: x.value) == String(describing: y.value) ? nil : x.label
        }
    }

    // MARK: - Status

    /// Records an error for `status.json` and the log.
    func fail(_ message: String) {
        status.lastError = (.now(), message)
        logger.error("\(message)")
    }

    /// Publishes `status.json` with the daemon in `state`.
    public func writeStatus(state: String) {
        status.state = state
        status.queue = inbox.candidates().count
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

    /// Why a recorded file was rejected, as its rejection said it.
    static func rejectionMessage(_ entry: LedgerEntry) -> String {
        IngestError(file: entry.file.name, line: entry.errorLine, column: entry.errorColumn, reason: entry.error ?? "rejected").description
    }

    /// The files recorded since the last publication, from the ledger (so that a crash loses
    /// none): their names (for `FileRejected` resolution), the rejections still standing (a later
    /// accepted file of the same name withdraws one), and the ledger id they run up to.
    func filesSinceRun() throws -> (through: Int64, names: Set<String>, rejections: [String: String]) {
        let recorded = try database.filesSincePublication()
        var names: Set<String> = [], rejections: [String: String] = [:]
        for entry in recorded.files {
            names.insert(entry.file.name)
            switch entry.status {
            case .rejected: rejections[entry.file.name] = Self.rejectionMessage(entry)
            case .accepted: rejections[entry.file.name] = nil
            case .duplicate: break
            }
        }
        return (recorded.through, names, rejections)
    }
}

/// Whole milliseconds.
func ms(_ d: Duration) -> Int {
    Int((d.seconds * 1000).rounded())
}
