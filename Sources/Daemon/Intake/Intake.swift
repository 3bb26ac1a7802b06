import Foundation
import Ingest
import Logging
import Reports
import StockcastCore
import Store

/// What happened to one inbox file.
package struct FileOutcome: Sendable, Equatable {
    /// The name it arrived under.
    package var name: String
    package var status: FileStatus
    /// Where it went, relative to the inbox.
    package var destination: String
    /// Rows read (accepted files).
    package var rows: Int
    /// Products whose history changed.
    package var products: Int
    /// The rejection's message.
    package var error: String?
    /// True when it was rejected because it could not be opened or read (permissions, an I/O
    /// error): the machine's problem rather than the export's; `run --once` then fails.
    package var unreadable = false
}

/// What `Pipeline.process` did with an inbox file.
package enum IntakeResult: Sendable, Equatable {
    /// Claimed, read and recorded: accepted, rejected or a duplicate.
    case taken(FileOutcome)
    /// Gone before it could be claimed.
    case vanished
    /// Not taken: a file claimed earlier could not be stored yet (the reason), and files take
    /// effect in the order they were claimed.
    case blocked(String)

    /// The outcome, when the file was taken.
    package var outcome: FileOutcome? {
        if case let .taken(o) = self { return o }
        return nil
    }
}

/// The first stage: takes one claimed inbox file through open → hash → parse → record → settle.
/// Its cells reach the store in one transaction with its ledger row (or the rejection does), and
/// only then is the file moved to `archive/` or `rejected/`; a crash between the two is
/// finished by `recover` from the ledger.
///
/// The file is opened once (`Inbox.openClaimed`: a regular file, never through a link, never
/// waiting on a pipe) and that descriptor is hashed and parsed. What is not a regular file, or
/// cannot be opened or read, is rejected with the reason and never read.
struct Intake: Sendable {
    let inbox: Inbox
    let outbox: Outbox
    let database: StockcastDatabase
    let logger: Logger

    /// Reads, records and settles the file claimed as `workName`, under `settings`; `name` is
    /// its name as text, `key` its identity (`FileName.key`).
    /// - Throws: when the store or the file system fails; the file then stays claimed in
    ///   `.work/` and is taken up again on the next start.
    func take(workName: String, name: String, key: String, received: Timestamp, settings: DaemonSettings) throws -> FileOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        var file = ArrivingFile(name: name, workName: workName, size: 0, sha256: "", received: received, key: key)
        var timings: Logger.Metadata = [:]
        let entry: LedgerEntry
        var outcome: FileOutcome
        switch try Self.openAndHash(inbox, workName) {
        case let .failure(refusal):
            file.size = refusal.size
            entry = try database.recordRejected(
                file, destination: inbox.destination(for: name, in: .rejected),
                reason: refusal.reason, line: nil, column: nil)
            outcome = FileOutcome(
                name: name, status: .rejected, destination: entry.destination, rows: 0, products: 0,
                error: IngestError(file: name, reason: refusal.reason).description, unreadable: refusal.unreadable)
        case let .success((claimed, sha256, size)):
            file.sha256 = sha256
            file.size = size
            let hashed = clock.now
            timings["hash_ms"] = "\(ms(hashed - started))"
            if let original = try database.acceptedEntry(sha256: sha256) {
                entry = try database.recordDuplicate(file, destination: inbox.destination(for: name, in: .archive), of: original)
                outcome = FileOutcome(
                    name: name, status: .duplicate, destination: entry.destination, rows: 0, products: 0,
                    error: entry.error)
            } else {
                do {
                    // Debug lines mark where the work on a file is (the crash tests aim kills with them).
                    logger.debug("reading file", metadata: ["file": "\(name)", "work_name": "\(workName)"])
                    try claimed.rewind()
                    let read = try ERPFile.readContent(descriptor: claimed.fd, name: name, options: settings.ingestOptions(today: received.day))
                    let parsed = clock.now
                    let applied: AppliedFile
                    let rows: Int
                    switch read {
                    case .sales(let content):
                        try checkCatalogue(content, name: name, maxProducts: settings.maxProducts)
                        logger.debug("storing file", metadata: ["file": "\(name)", "work_name": "\(workName)", "rows": "\(content.rows)"])
                        applied = try database.recordAccepted(
                            file, destination: inbox.destination(for: name, in: .archive),
                            rows: content.rows, measures: content.measures, totals: content.totals,
                            covering: content.coveredDays)
                        rows = content.rows
                        timings["dialect"] = "\(content.dialect)"
                    case .supply(let content):
                        logger.debug("storing file", metadata: ["file": "\(name)", "work_name": "\(workName)", "rows": "\(content.rows)"])
                        applied = try database.recordAccepted(
                            file, destination: inbox.destination(for: name, in: .archive), rows: content.rows, supply: content.storedRows())
                        rows = content.rows
                        timings["dialect"] = "\(content.dialect)"
                    }
                    timings["parse_ms"] = "\(ms(parsed - hashed))"
                    timings["store_ms"] = "\(ms(clock.now - parsed))"
                    entry = applied.entry
                    outcome = FileOutcome(
                        name: name, status: .accepted, destination: entry.destination, rows: rows,
                        products: applied.changed.count, error: nil)
                } catch let error as IngestError {
                    var located = error
                    located.file = name
                    entry = try database.recordRejected(
                        file, destination: inbox.destination(for: name, in: .rejected),
                        reason: located.reason, line: located.line, column: located.column)
                    outcome = FileOutcome(
                        name: name, status: .rejected, destination: entry.destination, rows: 0, products: 0,
                        error: located.description)
                }
            }
        }
        try settle(entry)
        var metadata: Logger.Metadata = [
            "file": "\(name)", "outcome": "\(outcome.status.rawValue)", "moved_to": "inbox/\(outcome.destination)",
            "bytes": "\(file.size)", "rows": "\(outcome.rows)", "products": "\(outcome.products)",
            "sha256": "\(file.sha256.prefix(16))", "total_ms": "\(ms(clock.now - started))",
        ]
        metadata.merge(timings) { a, _ in a }
        if let error = outcome.error { metadata["reason"] = "\(error)" }
        if outcome.status == .rejected {
            logger.warning("file rejected", metadata: metadata)
        } else {
            logger.info("file \(outcome.status.rawValue)", metadata: metadata)
        }
        return outcome
    }

    /// Opens the claimed file and hashes it; a refusal when it is not a regular file or cannot
    /// be opened or read.
    private static func openAndHash(
        _ inbox: Inbox, _ workName: String
    ) throws(DaemonError)
        -> Result<(file: ClaimedFile, sha256: String, size: Int), Refusal>
    {
        switch try inbox.openClaimed(workName) {
        case let .failure(refusal):
            return .failure(refusal)
        case let .success(claimed):
            do throws(SystemCall.Failure) {
                let (sha256, size) = try FileDigest.sha256(claimed.fd)
                return .success((claimed, sha256, size))
            } catch {
                return .failure(Refusal(reason: Inbox.cannotRead(error.code), size: claimed.size, unreadable: true))
            }
        }
    }

    /// Refuses a file that would bring the history above `maxProducts` products.
    private func checkCatalogue(_ content: IngestedFile, name: String, maxProducts: Int) throws {
        let unknown = try database.unknownProductCount(among: content.totals.keys)
        guard unknown > 0 else { return }
        let known = try database.productCount()
        guard known + unknown > maxProducts else { return }
        throw IngestError(
            file: name,
            reason:
                "brings \(unknown) new product\(unknown == 1 ? "" : "s") to the \(known) of the history: \(known + unknown) in all, and Stockcast plans at most \(maxProducts) (maxProducts in the configuration)"
        )
    }

    /// Moves a recorded file to its destination (writing a rejection's report first, named by
    /// the file's key so that two names that display alike keep their own) and marks it settled.
    func settle(_ entry: LedgerEntry) throws {
        if entry.status == .rejected {
            let rejection = Rejection(
                file: entry.file.name, receivedAt: entry.file.received, line: entry.errorLine,
                column: entry.errorColumn, reason: entry.error ?? "rejected",
                message: Self.rejectionMessage(entry),
                movedTo: (inbox.root as NSString).lastPathComponent + "/" + entry.destination)
            try outbox.publish(Outbox.errorFile(entry.file.key), Rendering.rejectionJSON(rejection))
        }
        try inbox.settle(workName: entry.file.workName, destination: entry.destination)
        try database.markSettled(entry.id)
    }

    /// Why a recorded file was rejected, as its rejection said it.
    static func rejectionMessage(_ entry: LedgerEntry) -> String {
        IngestError(file: entry.file.name, line: entry.errorLine, column: entry.errorColumn, reason: entry.error ?? "rejected").description
    }
}

/// Whole milliseconds.
func ms(_ d: Duration) -> Int {
    Int((d.seconds * 1000).rounded())
}
