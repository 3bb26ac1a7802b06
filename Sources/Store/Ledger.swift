import GRDB
import StockcastCore

/// What became of an inbox file.
package enum FileStatus: String, Sendable, Codable {
    /// Read and applied to the history.
    case accepted
    /// Rejected as a whole; nothing from it reached the history.
    case rejected
    /// Its bytes had been applied before; not applied again.
    case duplicate
}

/// An inbox file that has been claimed (and hashed, when it could be read).
package struct ArrivingFile: Sendable, Equatable {
    /// The name it arrived under, as text for a reader (`FileName.display`).
    package var name: String
    /// The name's identity (`FileName.key` of its bytes): two files are "the same name" when
    /// their keys are equal, whatever their names display as.
    package var key: String
    /// Its name in `inbox/.work/` (unique).
    package var workName: String
    /// Bytes.
    package var size: Int
    /// SHA-256 of its bytes, lowercase hexadecimal; empty when it was rejected unread (not a
    /// regular file, or it could not be opened).
    package var sha256: String
    package var received: Timestamp

    /// `key` nil: the key of `name`'s UTF-8 bytes.
    package init(name: String, workName: String, size: Int, sha256: String, received: Timestamp, key: String? = nil) {
        self.name = name
        self.key = key ?? FileName.key(Array(name.utf8))
        self.workName = workName
        self.size = size
        self.sha256 = sha256
        self.received = received
    }
}

/// One row of the file ledger.
package struct LedgerEntry: Sendable, Equatable {
    package var id: Int64
    package var file: ArrivingFile
    package var status: FileStatus
    /// Data rows read (accepted files).
    package var rows: Int?
    /// History cells that changed (accepted files).
    package var cells: Int?
    /// Why it was rejected.
    package var error: String?
    package var errorLine: Int?
    package var errorColumn: String?
    /// Where the file goes, relative to the inbox (`archive/…` or `rejected/…`).
    package var destination: String
    /// True once the file is at its destination (and a rejection's error report is written).
    package var settled: Bool
    /// A rejection the operator marked resolved (`stockcast resolve`).
    package var resolved: Bool
}

/// What an accepted file changed.
package struct AppliedFile: Sendable {
    package var entry: LedgerEntry
    /// Series whose history changed, by product.
    package var changed: [String: Set<SeriesKind>]
}

extension StockcastDatabase {
    /// The ledger row of the file claimed as `workName`, if it was recorded.
    package func entry(workName: String) throws(StoreError) -> LedgerEntry? {
        try read("read the file ledger") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM file WHERE work_name = ?", arguments: [workName]).map(Self.entry)
        }
    }

    /// An earlier accepted file with these bytes, if any.
    package func acceptedEntry(sha256: String) throws(StoreError) -> LedgerEntry? {
        try read("read the file ledger") { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM file WHERE sha256 = ? AND status = 'accepted' ORDER BY id LIMIT 1",
                arguments: [sha256]
            ).map(Self.entry)
        }
    }

    /// Ledger rows whose files have not reached their destination yet (after a crash).
    package func unsettledEntries() throws(StoreError) -> [LedgerEntry] {
        try read("read the file ledger") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM file WHERE settled = 0 ORDER BY id").map(Self.entry)
        }
    }

    /// The files recorded since the last publication took them into account (for the
    /// `FileRejected` alerts), in the order they were recorded, and the ledger id they run up to:
    /// pass it to `replaceAlerts(_:filesThrough:)` with the alerts evaluated from them. Kept in
    /// the database, so that a file recorded just before a crash is alerted on by the next run.
    package func filesSincePublication() throws(StoreError) -> (through: Int64, files: [LedgerEntry]) {
        try read("read the file ledger") { db in
            let published = try Int64.fetchOne(db, sql: "SELECT value FROM counter WHERE name = 'files_published'") ?? 0
            let files = try Row.fetchAll(db, sql: "SELECT * FROM file WHERE id > ? ORDER BY id", arguments: [published]).map(Self.entry)
            return (files.last?.id ?? published, files)
        }
    }

    /// Files by status, over the database's life.
    package func fileCounts() throws(StoreError) -> [FileStatus: Int] {
        try read("count files") { db in
            var out: [FileStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM file GROUP BY status") {
                if let status = FileStatus(rawValue: row["status"]) { out[status] = row["n"] }
            }
            return out
        }
    }

    /// Records an accepted file and applies its cells, in one transaction: its daily totals
    /// (`totals`, units per product and day, from `rows` data rows) replace the history's cells
    /// for the `measures` it carries (a sales-only file leaves returns alone), forecasts for those
    /// days are scored against the actuals, and both series of every product whose history
    /// changed are marked for maintenance and the product for publishing. The file covers the
    /// days `covering` (its first to last date): a product's day among them that was a gap
    /// becomes a day with what the file says (zero without a row), and the product changes too.
    package func recordAccepted(
        _ file: ArrivingFile, destination: String, rows: Int, measures carried: Set<SeriesKind>,
        totals: [String: [Day: DailyCell]], covering: ClosedRange<Day>?
    ) throws(StoreError) -> AppliedFile {
        try write("apply \(file.name)") { db in
            let id = try Self.insert(db, file, status: .accepted, destination: destination, rows: rows)
            var changed: [String: Set<SeriesKind>] = [:]
            var cells = 0
            let measures = SeriesKind.allCases.filter { carried.contains($0) }
            var upserts: [SeriesKind: Statement] = [:]
            for m in measures {
                upserts[m] = try db.makeStatement(
                    sql: """
                        INSERT INTO history (product, day, \(m.rawValue), \(m.rawValue)_file) VALUES (?, ?, ?, ?)
                        ON CONFLICT (product, day) DO UPDATE SET \(m.rawValue) = excluded.\(m.rawValue), \(m.rawValue)_file = excluded.\(m.rawValue)_file
                        WHERE history.\(m.rawValue) IS NOT excluded.\(m.rawValue)
                        """)
            }
            let score = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO accuracy (product, series, day, forecast, actual, made_through)
                    SELECT product, series, day, value, ?, made_through FROM forecast WHERE product = ? AND series = ? AND day = ?
                    """)
            for (product, days) in totals {
                for (day, cell) in days {
                    for m in measures {
                        let value = m == .sales ? cell.sales : cell.returns
                        try upserts[m]!.execute(arguments: [product, day.daysSince1970, value, id])
                        if db.changesCount > 0 {
                            cells += 1
                            changed[product, default: []].insert(m)
                        }
                        try score.execute(arguments: [value, product, m.rawValue, day.daysSince1970])
                    }
                }
            }
            if let covering {
                // Only a day inside the days covered before can fill another product's gap: every
                // product's days lie between the first and the last covered day.
                let before = try Row.fetchOne(db, sql: "SELECT MIN(day) AS low, MAX(day) AS high FROM covered_day")
                let coveredLow: Int? = before?["low"], coveredHigh: Int? = before?["high"]
                let cover = try db.makeStatement(sql: "INSERT OR IGNORE INTO covered_day (day) VALUES (?)")
                var filled: [Int] = []
                for day in covering.lowerBound.daysSince1970...covering.upperBound.daysSince1970 {
                    try cover.execute(arguments: [day])
                    if db.changesCount > 0, let low = coveredLow, let high = coveredHigh, day > low, day < high { filled.append(day) }
                }
                // Products whose gaps the file filled (with zeros where it has no row for them).
                if let low = filled.first, let high = filled.last {
                    let spanning = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT product, MIN(day) AS first, MAX(day) AS last FROM history GROUP BY product
                            HAVING MIN(day) <= ? AND MAX(day) >= ?
                            """, arguments: [high, low])
                    for row in spanning {
                        let first: Int = row["first"], last: Int = row["last"]
                        // The first filled day not before the product's first: inside its days?
                        if let day = filled.first(where: { $0 >= first }), day <= last {
                            for m in measures { changed[row["product"], default: []].insert(m) }
                        }
                    }
                }
            }
            // A product whose history changed has both its models brought up to date.
            try Self.markPending(db, changed.keys.flatMap { p in SeriesKind.allCases.map { (p, $0) } })
            try db.execute(sql: "UPDATE file SET cells = ? WHERE id = ?", arguments: [cells, id])
            let entry = try Self.entry(Row.fetchOne(db, sql: "SELECT * FROM file WHERE id = ?", arguments: [id])!)
            return AppliedFile(entry: entry, changed: changed)
        }
    }

    /// Records a rejected file; nothing reaches the history.
    /// `reason` says why, at `line` (1-based, the header is line 1) and `column` (its header name) when it has them.
    package func recordRejected(
        _ file: ArrivingFile, destination: String, reason: String, line: Int?,
        column: String?
    ) throws(StoreError) -> LedgerEntry {
        try write("record the rejection of \(file.name)") { db in
            let id = try Self.insert(db, file, status: .rejected, destination: destination, rows: nil)
            try db.execute(
                sql: "UPDATE file SET error = ?, error_line = ?, error_column = ? WHERE id = ?",
                arguments: [reason, line, column, id])
            return try Self.entry(Row.fetchOne(db, sql: "SELECT * FROM file WHERE id = ?", arguments: [id])!)
        }
    }

    /// Records a file whose bytes were applied before; nothing is applied again.
    package func recordDuplicate(_ file: ArrivingFile, destination: String, of original: LedgerEntry) throws(StoreError) -> LedgerEntry {
        try write("record the duplicate \(file.name)") { db in
            let id = try Self.insert(db, file, status: .duplicate, destination: destination, rows: nil)
            try db.execute(
                sql: "UPDATE file SET error = ? WHERE id = ?",
                arguments: ["same bytes as \(original.file.name) (file \(original.id))", id])
            return try Self.entry(Row.fetchOne(db, sql: "SELECT * FROM file WHERE id = ?", arguments: [id])!)
        }
    }

    /// Notes that a recorded file has reached its destination.
    package func markSettled(_ id: Int64) throws(StoreError) {
        try write("settle file \(id)") { db in try db.execute(sql: "UPDATE file SET settled = 1 WHERE id = ?", arguments: [id]) }
    }

    /// Every ledger row of files whose name displays as one of `names`, oldest first.
    package func entries(named names: Set<String>) throws(StoreError) -> [LedgerEntry] {
        guard !names.isEmpty else { return [] }
        return try read("read the file ledger") { db in
            let marks = Array(repeating: "?", count: names.count).joined(separator: ",")
            return try Row.fetchAll(
                db, sql: "SELECT * FROM file WHERE name IN (\(marks)) ORDER BY id",
                arguments: StatementArguments(Array(names))
            ).map(Self.entry)
        }
    }

    /// The rejections an operator can still mark resolved: for each name (by key), its latest
    /// ledger row when that is a rejection not marked resolved. Oldest first.
    package func unresolvedRejections() throws(StoreError) -> [LedgerEntry] {
        try read("read the file ledger") { db in
            // Rows of one key share their displayed name, so the index on `name` finds later ones.
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM file AS f WHERE status = 'rejected' AND resolved = 0 AND NOT EXISTS (
                        SELECT 1 FROM file AS later WHERE later.name = f.name AND later.id > f.id
                        AND COALESCE(later.name_key, later.name) = COALESCE(f.name_key, f.name))
                    ORDER BY id
                    """
            ).map(Self.entry)
        }
    }

    /// Marks rejections resolved by the operator: the next run resolves their `FileRejected`.
    package func markResolved(_ ids: [Int64]) throws(StoreError) {
        try write("mark rejections resolved") { db in
            for id in ids { try db.execute(sql: "UPDATE file SET resolved = 1 WHERE id = ? AND status = 'rejected'", arguments: [id]) }
        }
    }

    private static func insert(_ db: Database, _ f: ArrivingFile, status: FileStatus, destination: String, rows: Int?) throws -> Int64 {
        try db.execute(
            sql: """
                INSERT INTO file (name, name_key, work_name, size, sha256, received, status, rows, destination)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [f.name, f.key, f.workName, f.size, f.sha256, f.received.seconds, status.rawValue, rows, destination])
        return db.lastInsertedRowID
    }

    static func entry(_ row: Row) -> LedgerEntry {
        LedgerEntry(
            id: row["id"],
            file: ArrivingFile(
                name: row["name"], workName: row["work_name"], size: row["size"], sha256: row["sha256"],
                received: Timestamp(seconds: row["received"]), key: row["name_key"]),
            status: FileStatus(rawValue: row["status"]) ?? .rejected, rows: row["rows"], cells: row["cells"],
            error: row["error"], errorLine: row["error_line"], errorColumn: row["error_column"],
            destination: row["destination"], settled: (row["settled"] as Int) != 0, resolved: (row["resolved"] as Int) != 0)
    }
}
