import GRDB
import StockcastCore

/// An alert in force, as the `alert` table holds it.
package struct AlertRow: Sendable, Equatable {
    /// Identifies the alert across runs (name and subject).
    package var fingerprint: String
    /// The alert's name (`StockoutRisk`, `FileRejected`, …).
    package var name: String
    /// The product or file it is about.
    package var subject: String
    package var summary: String
    /// When it started firing, seconds since 1970 (UTC).
    package var startsAt: Double

    package init(fingerprint: String, name: String, subject: String, summary: String, startsAt: Double) {
        self.fingerprint = fingerprint
        self.name = name
        self.subject = subject
        self.summary = summary
        self.startsAt = startsAt
    }
}

extension StockcastDatabase {
    /// The alerts in force.
    package func activeAlerts() throws(StoreError) -> [AlertRow] {
        try read("read alerts") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM alert ORDER BY subject, name").map { row in
                AlertRow(
                    fingerprint: row["fingerprint"], name: row["name"], subject: row["subject"], summary: row["summary"],
                    startsAt: row["starts_at"])
            }
        }
    }

    /// Replaces the alerts in force; with `filesThrough`, in the same transaction, notes that they
    /// were evaluated from the ledger's files up to that id (`filesSincePublication`).
    package func replaceAlerts(_ alerts: [AlertRow], filesThrough: Int64? = nil) throws(StoreError) {
        try write("store alerts") { db in
            if let filesThrough {
                try db.execute(
                    sql: """
                        INSERT INTO counter (name, value) VALUES ('files_published', ?)
                        ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value)
                        """, arguments: [filesThrough])
            }
            try db.execute(sql: "DELETE FROM alert")
            for a in alerts {
                try db.execute(
                    sql: "INSERT INTO alert (fingerprint, name, subject, summary, starts_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [a.fingerprint, a.name, a.subject, a.summary, a.startsAt])
            }
        }
    }
}
