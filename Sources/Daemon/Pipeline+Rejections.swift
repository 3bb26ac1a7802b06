import Foundation
import Store

/// The files recorded since the last publication, as the `FileRejected` alerts need them.
struct RecordedFiles: Sendable {
    /// The ledger id they run up to: pass it to `replaceAlerts(_:filesThrough:)`.
    var through: Int64
    /// How many files were recorded since.
    var count: Int
    /// The name keys (`FileName.key`) whose `FileRejected` this run evaluates: those of the files
    /// recorded since.
    var names: Set<String>
    /// The rejections among them that stand.
    var rejections: [FileRejection]
}

extension Pipeline {
    /// The files recorded since the last publication, from the ledger (so that a crash loses
    /// none). A rejection stands until a later file of exactly the same name (the same bytes,
    /// `FileName.key`) is accepted.
    func filesSinceRun() throws -> RecordedFiles {
        let recorded = try database.filesSincePublication()
        var names: Set<String> = [], rejections: [String: FileRejection] = [:]
        for entry in recorded.files {
            let key = entry.file.key
            names.insert(key)
            switch entry.status {
            case .rejected: rejections[key] = FileRejection(key: key, name: entry.file.name, message: Intake.rejectionMessage(entry))
            case .accepted: rejections[key] = nil
            case .duplicate: break
            }
        }
        return RecordedFiles(through: recorded.through, count: recorded.files.count, names: names,
                             rejections: rejections.values.sorted { $0.key < $1.key })
    }
}
