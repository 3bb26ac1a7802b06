import Foundation
import GRDB
import StockcastCore

/// The daemon's database, read-only: the file ledger and whether work is waiting.
struct Ledger {
    struct File {
        var id: Int64
        var name: String
        var workName: String
        var sha256: String
        var status: String
        var destination: String
        var settled: Bool
    }

    var files: [File]
    /// Series waiting for maintenance, products waiting for publication, and files recorded since
    /// the last publication (their alerts, such as `FileRejected`, are still to be published).
    var waiting: Int

    static func read(_ path: String) throws -> Ledger {
        guard FileManager.default.fileExists(atPath: path) else { return Ledger(files: [], waiting: 0) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in
            let files = try Row.fetchAll(db, sql: "SELECT id, name, work_name, sha256, status, destination, settled FROM file ORDER BY id").map {
                File(
                    id: $0["id"], name: $0["name"], workName: $0["work_name"], sha256: $0["sha256"], status: $0["status"],
                    destination: $0["destination"], settled: ($0["settled"] as Int) != 0)
            }
            let waiting =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT (SELECT COUNT(*) FROM series_state WHERE pending = 1) + (SELECT COUNT(*) FROM publish)
                             + (SELECT COUNT(*) FROM file WHERE id > COALESCE((SELECT value FROM counter WHERE name = 'files_published'), 0))
                        """) ?? 0
            return Ledger(files: files, waiting: waiting)
        }
    }
}
