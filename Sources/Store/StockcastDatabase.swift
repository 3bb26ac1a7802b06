import Foundation
import GRDB
import StockcastCore

/// The daemon's state in `models/stockcast.sqlite` (SQLite in WAL mode, through GRDB): the
/// history with the file that set each cell, the file ledger, the series' model state, the last
/// forecasts and their live accuracy, and the alerts in force.
///
/// Every change an inbox file makes — its ledger row, its cells, the accuracy of the forecasts
/// its actuals settle, the series it marks for retraining — is one transaction. Safe to share
/// between tasks: GRDB's pool serialises writes and runs reads concurrently.
package struct StockcastDatabase: Sendable {
    let pool: DatabasePool
    /// The database file.
    package let path: String

    /// Opens (creating if needed) the database at `path` and brings its schema up to date. A
    /// write waits up to `busyTimeout` seconds for another connection's lock (a backup, an
    /// `sqlite3` shell) before it fails.
    package init(path: String, busyTimeout: Double = 10) throws(StoreError) {
        self.path = path
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try AtomicFile.createDirectories(directory) }
            var configuration = Configuration()
            configuration.busyMode = .timeout(max(0, busyTimeout))
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError(path: path, operation: "open the database", underlying: error)
        }
    }

    /// Runs `body` in one write transaction.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StoreError(path: path, operation: what, underlying: error)
        }
    }

    /// Runs `body` on a consistent snapshot.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError(path: path, operation: what, underlying: error)
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE file (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL,              -- as it arrived in the inbox
                        work_name TEXT NOT NULL UNIQUE,  -- its claimed name in inbox/.work/
                        size INTEGER NOT NULL,
                        sha256 TEXT NOT NULL,
                        received REAL NOT NULL,          -- seconds since 1970
                        status TEXT NOT NULL,            -- accepted | rejected | duplicate
                        rows INTEGER,
                        cells INTEGER,
                        error TEXT,
                        error_line INTEGER,
                        error_column TEXT,
                        destination TEXT NOT NULL,       -- path relative to the inbox: archive/… or rejected/…
                        settled INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE INDEX file_sha256 ON file(sha256, status);
                    CREATE TABLE history (
                        product TEXT NOT NULL,
                        day INTEGER NOT NULL,            -- days since 1970-01-01
                        sales REAL NOT NULL DEFAULT 0,
                        returns REAL NOT NULL DEFAULT 0,
                        sales_file INTEGER REFERENCES file(id),
                        returns_file INTEGER REFERENCES file(id),
                        PRIMARY KEY (product, day)
                    ) WITHOUT ROWID;
                    CREATE TABLE series_state (
                        product TEXT NOT NULL,
                        series TEXT NOT NULL,
                        pending INTEGER NOT NULL DEFAULT 1,   -- history changed since the model was last maintained
                        source TEXT,                          -- lstm | seasonal_naive
                        version INTEGER,
                        decision TEXT,
                        updated REAL,
                        PRIMARY KEY (product, series)
                    ) WITHOUT ROWID;
                    CREATE TABLE model (
                        product TEXT NOT NULL,
                        series TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        parent_version INTEGER,
                        trained_through INTEGER NOT NULL,
                        validation_mae REAL,
                        decision TEXT NOT NULL,
                        created REAL NOT NULL,
                        PRIMARY KEY (product, series, version)
                    ) WITHOUT ROWID;
                    CREATE TABLE forecast (
                        product TEXT NOT NULL,
                        series TEXT NOT NULL,
                        day INTEGER NOT NULL,
                        value REAL NOT NULL,
                        made_through INTEGER NOT NULL,   -- the last day of history the forecast knew
                        PRIMARY KEY (product, series, day)
                    ) WITHOUT ROWID;
                    CREATE TABLE accuracy (
                        product TEXT NOT NULL,
                        series TEXT NOT NULL,
                        day INTEGER NOT NULL,
                        forecast REAL NOT NULL,
                        actual REAL NOT NULL,
                        made_through INTEGER NOT NULL,
                        PRIMARY KEY (product, series, day)
                    ) WITHOUT ROWID;
                    CREATE TABLE alert (
                        fingerprint TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        summary TEXT NOT NULL,
                        starts_at REAL NOT NULL
                    );
                    CREATE TABLE publish (
                        product TEXT PRIMARY KEY            -- products whose outbox files are out of date
                    ) WITHOUT ROWID;
                    CREATE TABLE counter (
                        name TEXT PRIMARY KEY,
                        value INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        m.registerMigration("v2: forecast error sd and method") { db in
            // The standard deviation of each forecast day's error (units/day), for intervals and
            // the service-level policy (0 for forecasts stored before), and the method that made
            // the forecast ('' before). Which method serves is now read from there, not kept
            // apart in series_state.
            try db.execute(
                sql: """
                    ALTER TABLE forecast ADD COLUMN sd REAL NOT NULL DEFAULT 0;
                    ALTER TABLE forecast ADD COLUMN method TEXT NOT NULL DEFAULT '';
                    ALTER TABLE series_state DROP COLUMN source;
                    ALTER TABLE series_state DROP COLUMN version;
                    """)
        }
        m.registerMigration("v3: files published") { db in
            // The last ledger id whose file the alerts took into account (see
            // `filesSincePublication`). An existing database has published all its files.
            try db.execute(sql: "INSERT OR IGNORE INTO counter (name, value) SELECT 'files_published', COALESCE(MAX(id), 0) FROM file")
        }
        m.registerMigration("v4: file name keys and resolved rejections") { db in
            // A file's identity is its name's bytes: `name_key` holds them unambiguously
            // (FileName.key; NULL in rows from before, whose key is their name's), `name` stays
            // the name as shown. `resolved`: a rejection the operator marked resolved.
            try db.execute(
                sql: """
                    ALTER TABLE file ADD COLUMN name_key TEXT;
                    ALTER TABLE file ADD COLUMN resolved INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX file_name ON file(name);
                    """)
        }
        m.registerMigration("v5: days covered by files") { db in
            // A day is covered when a file's dates (first to last) include it; a product's day no
            // file covered is a gap. Histories stored before count as covered on the days that
            // have any row.
            try db.execute(
                sql: """
                    CREATE TABLE covered_day (day INTEGER PRIMARY KEY);
                    INSERT OR IGNORE INTO covered_day (day) SELECT DISTINCT day FROM history;
                    """)
        }
        m.registerMigration("v6: forecast interval bounds and recipes") { db in
            // The calibrated 80 % and 95 % prediction intervals of each forecast day (units/day);
            // NULL when the forecast has none (its intervals are then forecast ± z·sd). And each
            // series forecast's recipe (JSON text the forecasting stage wrote; opaque here).
            try db.execute(
                sql: """
                    ALTER TABLE forecast ADD COLUMN lo80 REAL;
                    ALTER TABLE forecast ADD COLUMN hi80 REAL;
                    ALTER TABLE forecast ADD COLUMN lo95 REAL;
                    ALTER TABLE forecast ADD COLUMN hi95 REAL;
                    CREATE TABLE forecast_recipe (
                        product TEXT NOT NULL, series TEXT NOT NULL, recipe TEXT NOT NULL,
                        PRIMARY KEY (product, series));
                    """)
        }
        m.registerMigration("v7: stock, open orders and product parameters") { db in
            // Replenishment inputs (DESIGN.md, "Replenishment"): the newest stock snapshot of
            // each product, its open purchase orders (a file listing a product replaces them),
            // and its product-master parameters (NULL: the configuration's default).
            try db.execute(
                sql: """
                    CREATE TABLE stock_level (
                        product TEXT PRIMARY KEY,
                        day INTEGER NOT NULL,            -- the snapshot's day: on hand at its end
                        on_hand REAL NOT NULL,
                        file INTEGER NOT NULL REFERENCES file(id)
                    ) WITHOUT ROWID;
                    CREATE TABLE open_order (
                        product TEXT NOT NULL,
                        line INTEGER NOT NULL,           -- its order in the file
                        order_id TEXT,
                        due INTEGER NOT NULL,
                        quantity REAL NOT NULL,
                        file INTEGER NOT NULL REFERENCES file(id),
                        PRIMARY KEY (product, line)
                    ) WITHOUT ROWID;
                    CREATE TABLE product_parameter (
                        product TEXT PRIMARY KEY,
                        lead_time_days INTEGER,
                        moq REAL,
                        pack_size REAL,
                        review_days INTEGER,
                        service_level REAL,
                        unit_cost REAL,
                        file INTEGER NOT NULL REFERENCES file(id)
                    ) WITHOUT ROWID;
                    """)
        }
        return m
    }
}

/// A database operation that failed: which file, what was attempted, and the cause.
package struct StoreError: Error, CustomStringConvertible {
    package var path: String
    package var operation: String
    package var underlying: any Error

    package init(path: String, operation: String, underlying: any Error) {
        self.path = path
        self.operation = operation
        self.underlying = underlying
    }

    package var description: String { "\(path): cannot \(operation): \(underlying)" }
}
