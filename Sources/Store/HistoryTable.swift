import GRDB
import StockcastCore

extension StockcastDatabase {
    /// Every product with history, sorted.
    package func products() throws(StoreError) -> [String] {
        try read("list products") { db in try String.fetchAll(db, sql: "SELECT DISTINCT product FROM history ORDER BY product") }
    }

    /// How many products have history.
    package func productCount() throws(StoreError) -> Int {
        try read("count products") { db in try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT product) FROM history") ?? 0 }
    }

    /// How many of `products` have no history yet.
    package func unknownProductCount(among products: some Collection<String>) throws(StoreError) -> Int {
        try read("look up products") { db in
            let known = try db.makeStatement(sql: "SELECT 1 FROM history WHERE product = ? LIMIT 1")
            var unknown = 0
            for product in products where try Int.fetchOne(known, arguments: [product]) == nil { unknown += 1 }
            return unknown
        }
    }

    /// One product's history, every day from its first to its last (days without a row are 0;
    /// days no file covered are its gaps).
    package func history(product: String) throws(StoreError) -> ProductHistory? {
        try read("read the history of \(product)") { db in try Self.history(db, product: product) }
    }

    /// The histories of `products` (all products when nil), sorted by product, from one snapshot.
    package func histories(_ products: [String]? = nil) throws(StoreError) -> [ProductHistory] {
        try read("read the history") { db in
            let names = try products ?? String.fetchAll(db, sql: "SELECT DISTINCT product FROM history ORDER BY product")
            return try names.compactMap { try Self.history(db, product: $0) }
        }
    }

    static func history(_ db: Database, product: String) throws -> ProductHistory? {
        let rows = try Row.fetchAll(
            db, sql: "SELECT day, sales, returns FROM history WHERE product = ? ORDER BY day",
            arguments: [product])
        guard
            var history = ProductHistory(
                product: product,
                cells: rows.map({
                    (day: Day(daysSince1970: $0["day"] as Int), sales: $0["sales"] as Double, returns: $0["returns"] as Double)
                }))
        else { return nil }
        let first = history.start.daysSince1970, last = first + history.count - 1
        let covered = Set(try Int.fetchAll(db, sql: "SELECT day FROM covered_day WHERE day BETWEEN ? AND ?", arguments: [first, last]))
        history.gaps = (0..<history.count).filter { !covered.contains(first + $0) }
        return history
    }
}

extension StockcastDatabase {
    /// Which ledger files set a cell's sales and returns (nil: never set by a file).
    package func provenance(product: String, day: Day) throws(StoreError) -> (sales: Int64?, returns: Int64?)? {
        try read("read provenance") { db in
            try Row.fetchOne(
                db, sql: "SELECT sales_file, returns_file FROM history WHERE product = ? AND day = ?",
                arguments: [product, day.daysSince1970]
            ).map { ($0["sales_file"], $0["returns_file"]) }
        }
    }
}
