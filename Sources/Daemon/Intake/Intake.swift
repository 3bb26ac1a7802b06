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

/// The first stage: takes one claimed inbox file through hash → parse → record → settle. Its
/// cells reach the store in one transaction with its ledger row (or the rejection does), and
/// only then is the file moved to `archive/` or `rejected/`; a crash between the two is
/// finished by `recover` from the ledger.
struct Intake: Sendable {
    let inbox: Inbox
    let outbox: Outbox
    let database: StockcastDatabase
    let logger: Logger

    /// Reads, records and settles the file claimed as `workName`, under `settings`.
    /// - Throws: when the store or the file system fails; the file then stays claimed in
    ///   `.work/` and is taken up again on the next start.
    func take(workName: String, name: String, received: Timestamp, settings: DaemonSettings) throws -> FileOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let path = inbox.work + "/" + workName
        let (sha256, size) = try FileDigest.sha256(path: path)
        let hashed = clock.now
        let file = ArrivingFile(name: name, workName: workName, size: size, sha256: sha256, received: received)
        var timings: Logger.Metadata = ["hash_ms": "\(ms(hashed - started))"]
        let entry: LedgerEntry
        var outcome: FileOutcome
        if let original = try database.acceptedEntry(sha256: sha256) {
            entry = try database.recordDuplicate(file, destination: inbox.destination(for: name, in: "archive"), of: original)
            outcome = FileOutcome(
                name: name, status: .duplicate, destination: entry.destination, rows: 0, products: 0,
                error: entry.error)
        } else {
            do {
                // Debug lines mark where the work on a file is (the crash tests aim kills with them).
                logger.debug("reading file", metadata: ["file": "\(name)", "work_name": "\(workName)"])
                let content = try ERPFile.read(path: path, options: settings.ingestOptions(today: received.day))
                try checkCatalogue(content, name: name, maxProducts: settings.maxProducts)
                let parsed = clock.now
                logger.debug("storing file", metadata: ["file": "\(name)", "work_name": "\(workName)", "rows": "\(content.rows)"])
                let applied = try database.recordAccepted(
                    file, destination: inbox.destination(for: name, in: "archive"),
                    rows: content.rows, measures: content.measures, totals: content.totals,
                    covering: content.coveredDays)
                timings["parse_ms"] = "\(ms(parsed - hashed))"
                timings["store_ms"] = "\(ms(clock.now - parsed))"
                timings["dialect"] = "\(content.dialect)"
                entry = applied.entry
                outcome = FileOutcome(
                    name: name, status: .accepted, destination: entry.destination, rows: content.rows,
                    products: applied.changed.count, error: nil)
            } catch let error as IngestError {
                var located = error
                located.file = name
                entry = try database.recordRejected(
                    file, destination: inbox.destination(for: name, in: "rejected"),
                    reason: located.reason, line: located.line, column: located.column)
                outcome = FileOutcome(
                    name: name, status: .rejected, destination: entry.destination, rows: 0, products: 0,
                    error: located.description)
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

    /// Moves a recorded file to its destination (writing a rejection's report first) and marks
    /// it settled.
    func settle(_ entry: LedgerEntry) throws {
        if entry.status == .rejected {
            let rejection = Rejection(
                file: entry.file.name, receivedAt: entry.file.received, line: entry.errorLine,
                column: entry.errorColumn, reason: entry.error ?? "rejected",
                message: Self.rejectionMessage(entry),
                movedTo: (inbox.root as NSString).lastPathComponent + "/" + entry.destination)
            try outbox.publish(Outbox.errorFile(entry.file.name), Rendering.rejectionJSON(rejection))
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
