import GRDB
import StockcastCore

/// The maintenance state of one series.
package struct SeriesState: Sendable, Equatable {
    package var product: String
    package var series: SeriesKind
    /// The history changed since the model was last maintained.
    package var pending: Bool
    /// The last maintenance decision, in words.
    package var decision: String?
}

/// A model version as the registry records it.
package struct ModelRecord: Sendable, Equatable {
    package var product: String
    package var series: SeriesKind
    package var version: Int
    package var parentVersion: Int?
    package var trainedThrough: Day
    /// Validation mean absolute error, units/day.
    package var validationMAE: Double?
    package var decision: String

    package init(
        product: String, series: SeriesKind, version: Int, parentVersion: Int?, trainedThrough: Day,
        validationMAE: Double?, decision: String
    ) {
        self.product = product
        self.series = series
        self.version = version
        self.parentVersion = parentVersion
        self.trainedThrough = trainedThrough
        self.validationMAE = validationMAE
        self.decision = decision
    }
}

extension StockcastDatabase {
    /// Series whose history changed since their last maintenance.
    package func pendingSeries() throws(StoreError) -> [(product: String, series: SeriesKind)] {
        try read("list pending series") { db in
            try Row.fetchAll(db, sql: "SELECT product, series FROM series_state WHERE pending = 1 ORDER BY product, series")
                .compactMap { row in SeriesKind(rawValue: row["series"]).map { (row["product"], $0) } }
        }
    }

    /// Marks series for maintenance (e.g. `train --full`).
    package func markPending(_ series: [(product: String, series: SeriesKind)]) throws(StoreError) {
        try write("mark series for training") { db in try Self.markPending(db, series) }
    }

    /// Marks series for maintenance and their products for publication, inside a transaction.
    static func markPending(_ db: Database, _ series: [(product: String, series: SeriesKind)]) throws {
        let pending = try db.makeStatement(
            sql: """
                INSERT INTO series_state (product, series, pending) VALUES (?, ?, 1)
                ON CONFLICT (product, series) DO UPDATE SET pending = 1
                """)
        let publish = try db.makeStatement(sql: "INSERT OR IGNORE INTO publish (product) VALUES (?)")
        for (p, s) in series {
            try pending.execute(arguments: [p, s.rawValue])
            try publish.execute(arguments: [p])
        }
    }

    /// The state of every series of `product`.
    package func seriesStates(product: String) throws(StoreError) -> [SeriesKind: SeriesState] {
        try read("read series state") { db in
            var out: [SeriesKind: SeriesState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM series_state WHERE product = ?", arguments: [product]) {
                guard let s = SeriesKind(rawValue: row["series"]) else { continue }
                out[s] = SeriesState(
                    product: product, series: s, pending: (row["pending"] as Int) != 0,
                    decision: row["decision"])
            }
            return out
        }
    }

    /// Whether version `version` of a series' model is in the registry.
    package func isRegistered(product: String, series: SeriesKind, version: Int) throws(StoreError) -> Bool {
        try read("read the model registry") { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM model WHERE product = ? AND series = ? AND version = ?)",
                arguments: [product, series.rawValue, version]) ?? false
        }
    }

    /// Records a maintenance result in one transaction: the series is up to date with its
    /// decision, and its `registered` models join the registry.
    package func recordMaintenance(_ record: MaintenanceRecord, at time: Timestamp) throws(StoreError) {
        try write("record maintenance of \(record.product) \(record.series)") { db in
            try db.execute(
                sql: """
                    INSERT INTO series_state (product, series, pending, decision, updated) VALUES (?, ?, 0, ?, ?)
                    ON CONFLICT (product, series) DO UPDATE SET pending = 0, decision = excluded.decision, updated = excluded.updated
                    """, arguments: [record.product, record.series.rawValue, record.decision, time.seconds])
            for m in record.registered {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO model (product, series, version, parent_version, trained_through, validation_mae, decision, created)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        m.product, m.series.rawValue, m.version, m.parentVersion, m.trainedThrough.daysSince1970,
                        m.validationMAE, m.decision, time.seconds,
                    ])
            }
        }
    }
}

/// One series' maintenance result: the decision taken and the model version it registered.
package struct MaintenanceRecord: Sendable, Equatable {
    package var product: String
    package var series: SeriesKind
    /// What was done and why.
    package var decision: String
    /// Model versions joining the registry (none when no model was made).
    package var registered: [ModelRecord]

    package init(product: String, series: SeriesKind, decision: String, registered: [ModelRecord] = []) {
        self.product = product
        self.series = series
        self.decision = decision
        self.registered = registered
    }
}
