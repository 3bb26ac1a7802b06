import Foundation
import Planning
import Store

/// The files recorded since the last publication, as the `FileRejected` alerts need them.
struct RecordedFiles: Sendable {
    /// The ledger id they run up to: pass it to `replaceAlerts(_:filesThrough:)`.
    var through: Int64
    /// How many files were recorded since.
    var count: Int
    /// The name keys (`FileName.key`) whose `FileRejected` this run evaluates: those of the files
    /// recorded since, and those of rejections the operator withdrew.
    var names: Set<String>
    /// The rejections among them that stand.
    var rejections: [FileRejection]
}

extension Pipeline {
    /// The files recorded since the last publication, from the ledger (so that a crash loses
    /// none), and the rejections the operator withdrew. A rejection stands until a later file of
    /// exactly the same name (the same bytes, `FileName.key`) is accepted, the operator marks it
    /// resolved (`stockcast resolve`), or its file leaves `inbox/rejected/` (moved or deleted).
    func filesSinceRun() throws -> RecordedFiles {
        let recorded = try database.filesSincePublication()
        var names: Set<String> = [], rejections: [String: FileRejection] = [:]
        for entry in recorded.files {
            let key = entry.file.key
            names.insert(key)
            switch entry.status {
            case .rejected:
                rejections[key] =
                    stands(entry)
                    ? FileRejection(key: key, name: entry.file.name, message: Intake.rejectionMessage(entry)) : nil
            case .accepted: rejections[key] = nil
            case .duplicate: break
            }
        }
        let withdrawn = try withdrawnRejections()
        names.formUnion(withdrawn)
        for key in withdrawn { rejections[key] = nil }
        return RecordedFiles(
            through: recorded.through, count: recorded.files.count, names: names,
            rejections: rejections.values.sorted { $0.key < $1.key })
    }

    /// The name keys whose `FileRejected` fires although its rejection no longer stands: the
    /// operator resolved it or took the file out of `inbox/rejected/` (or a later file of that
    /// name came). Cheap when no `FileRejected` fires, as is usual: asked at every look at the
    /// inbox (`hasPendingWork`).
    func withdrawnRejections() throws -> Set<String> {
        let alerts = try database.alertsInForce().filter { $0.name == .fileRejected }
        guard !alerts.isEmpty else { return [] }
        let firing = Set(alerts.map(\.fingerprint))
        var latest: [String: LedgerEntry] = [:]
        for entry in try database.entries(named: Set(alerts.map(\.subject))) { latest[entry.file.key] = entry }
        return Set(
            latest.values.filter { entry in
                firing.contains(AlertCondition.fingerprint(name: .fileRejected, subject: entry.file.key))
                    && !(entry.status == .rejected && stands(entry))
            }.map(\.file.key))
    }

    /// Whether a rejection still stands: not marked resolved, and its file still in
    /// `inbox/rejected/` (or not yet moved there).
    nonisolated func stands(_ entry: LedgerEntry) -> Bool {
        !entry.resolved && (!entry.settled || inbox.holds(entry.destination))
    }

    /// `stockcast resolve`: marks resolved the standing rejections of the file `file` — its name
    /// as shown (`caf%E9.csv`), its key, or its name or path in `inbox/rejected/` — so that the
    /// next run resolves their `FileRejected`; nothing else happens. Returns the names resolved.
    /// - Throws: `DaemonError` listing the rejections that stand when none matches.
    package func resolveRejections(matching file: String) throws -> [String] {
        let standing = try database.unresolvedRejections().filter(stands)
        let leaf = (file as NSString).lastPathComponent
        let chosen = standing.filter { $0.file.name == file || $0.file.key == file || $0.destination == "rejected/" + leaf }
        guard !chosen.isEmpty else {
            let names = standing.map(\.file.name)
            throw DaemonError(
                "no rejected file named \(file) waits to be resolved; "
                    + (names.isEmpty ? "no rejection stands" : "the rejections that stand: " + names.joined(separator: ", ")))
        }
        try database.markResolved(chosen.map(\.id))
        return chosen.map { "\($0.file.name) (inbox/\($0.destination))" }
    }
}
