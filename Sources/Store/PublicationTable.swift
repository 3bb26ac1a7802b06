import GRDB
import StockcastCore

/// Which products' outbox files are out of date, and the run counter.
extension StockcastDatabase {
    /// Products whose outbox files are out of date.
    package func productsToPublish() throws(StoreError) -> [String] {
        try read("list products to publish") { db in try String.fetchAll(db, sql: "SELECT product FROM publish ORDER BY product") }
    }

    /// Notes that `products`' outbox files must be made again (for example after the settings
    /// that shape them changed).
    package func markForPublication(_ products: [String]) throws(StoreError) {
        try write("mark products for publication") { db in
            for p in products { try db.execute(sql: "INSERT OR IGNORE INTO publish (product) VALUES (?)", arguments: [p]) }
        }
    }

    /// Notes that `products`' outbox files are up to date.
    package func markPublished(_ products: [String]) throws(StoreError) {
        try write("mark products published") { db in
            for p in products { try db.execute(sql: "DELETE FROM publish WHERE product = ?", arguments: [p]) }
        }
    }

    /// A new run number (1, 2, …), counted over the database's life.
    package func nextRun() throws(StoreError) -> Int {
        try write("count runs") { db in
            try db.execute(sql: "INSERT INTO counter (name, value) VALUES ('run', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1")
            return try Int.fetchOne(db, sql: "SELECT value FROM counter WHERE name = 'run'") ?? 1
        }
    }
}
