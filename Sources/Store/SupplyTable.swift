import GRDB
import StockcastCore

/// A product's stock on hand at the end of `day`, units.
package struct StockRow: Sendable, Equatable {
    package var day: Day
    package var onHand: Double

    package init(day: Day, onHand: Double) {
        self.day = day
        self.onHand = onHand
    }
}

/// An open purchase order line, units.
package struct OpenOrderRow: Sendable, Equatable {
    package var orderID: String?
    package var due: Day
    package var quantity: Double

    package init(orderID: String?, due: Day, quantity: Double) {
        self.orderID = orderID
        self.due = due
        self.quantity = quantity
    }
}

/// A product's parameters from the product master; nil: not given (the configuration's default).
package struct ParameterRow: Sendable, Equatable {
    package var leadTimeDays: Int?
    package var moq: Double?
    package var packSize: Double?
    package var reviewDays: Int?
    package var serviceLevel: Double?
    package var unitCost: Double?

    package init(
        leadTimeDays: Int? = nil, moq: Double? = nil, packSize: Double? = nil, reviewDays: Int? = nil, serviceLevel: Double? = nil,
        unitCost: Double? = nil
    ) {
        self.leadTimeDays = leadTimeDays
        self.moq = moq
        self.packSize = packSize
        self.reviewDays = reviewDays
        self.serviceLevel = serviceLevel
        self.unitCost = unitCost
    }
}

/// What an accepted supply file changes, by product.
package enum SupplyRows: Sendable, Equatable {
    /// Each product's snapshot: kept when not older than the stored one.
    case stock([String: StockRow])
    /// Each listed product's open orders: they replace the stored ones (none: cleared).
    case openOrders([String: [OpenOrderRow]])
    /// Each listed product's parameters: they replace the stored ones.
    case parameters([String: ParameterRow])
}

/// What the store knows of one product's stock and supply.
package struct ProductSupply: Sendable, Equatable {
    package var stock: StockRow?
    package var openOrders: [OpenOrderRow] = []
    package var parameters: ParameterRow?

    package init(stock: StockRow? = nil, openOrders: [OpenOrderRow] = [], parameters: ParameterRow? = nil) {
        self.stock = stock
        self.openOrders = openOrders
        self.parameters = parameters
    }
}

extension StockcastDatabase {
    /// Records an accepted stock snapshot, open-orders or product-master file and applies it, in
    /// one transaction, marking the products it changed for publication.
    package func recordAccepted(_ file: ArrivingFile, destination: String, rows: Int, supply: SupplyRows) throws(StoreError) -> AppliedFile {
        try write("apply \(file.name)") { db in
            try db.execute(
                sql: """
                    INSERT INTO file (name, name_key, work_name, size, sha256, received, status, rows, destination)
                    VALUES (?, ?, ?, ?, ?, ?, 'accepted', ?, ?)
                    """, arguments: [file.name, file.key, file.workName, file.size, file.sha256, file.received.seconds, rows, destination])
            let id = db.lastInsertedRowID
            var changed: [String] = []
            switch supply {
            case .stock(let levels):
                for (product, level) in levels.sorted(by: { $0.key < $1.key }) {
                    try db.execute(
                        sql: """
                            INSERT INTO stock_level (product, day, on_hand, file) VALUES (?, ?, ?, ?)
                            ON CONFLICT (product) DO UPDATE SET day = excluded.day, on_hand = excluded.on_hand, file = excluded.file
                            WHERE excluded.day >= stock_level.day
                            """, arguments: [product, level.day.daysSince1970, level.onHand, id])
                    if db.changesCount > 0 { changed.append(product) }
                }
            case .openOrders(let orders):
                for (product, lines) in orders.sorted(by: { $0.key < $1.key }) {
                    try db.execute(sql: "DELETE FROM open_order WHERE product = ?", arguments: [product])
                    for (index, line) in lines.enumerated() {
                        try db.execute(
                            sql: "INSERT INTO open_order (product, line, order_id, due, quantity, file) VALUES (?, ?, ?, ?, ?, ?)",
                            arguments: [product, index, line.orderID, line.due.daysSince1970, line.quantity, id])
                    }
                    changed.append(product)
                }
            case .parameters(let parameters):
                for (product, p) in parameters.sorted(by: { $0.key < $1.key }) {
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO product_parameter (product, lead_time_days, moq, pack_size, review_days, service_level, unit_cost, file)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: [product, p.leadTimeDays, p.moq, p.packSize, p.reviewDays, p.serviceLevel, p.unitCost, id])
                    changed.append(product)
                }
            }
            // Products with a history are published again (the others have nothing to plan yet).
            for product in changed {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO publish (product) SELECT ? WHERE EXISTS (SELECT 1 FROM history WHERE product = ?)",
                    arguments: [product, product])
            }
            try db.execute(sql: "UPDATE file SET cells = ? WHERE id = ?", arguments: [changed.count, id])
            let entry = try Self.entry(Row.fetchOne(db, sql: "SELECT * FROM file WHERE id = ?", arguments: [id])!)
            return AppliedFile(entry: entry, changed: Dictionary(uniqueKeysWithValues: changed.map { ($0, []) }))
        }
    }

    /// The stock, open orders and parameters of `products`; a product the store knows nothing of is absent.
    package func supply(_ products: [String]) throws(StoreError) -> [String: ProductSupply] {
        try read("read stock and supply") { db in
            var out: [String: ProductSupply] = [:]
            for product in products {
                var s = ProductSupply()
                if let row = try Row.fetchOne(db, sql: "SELECT day, on_hand FROM stock_level WHERE product = ?", arguments: [product]) {
                    s.stock = StockRow(day: Day(daysSince1970: row["day"]), onHand: row["on_hand"])
                }
                s.openOrders = try Row.fetchAll(
                    db, sql: "SELECT order_id, due, quantity FROM open_order WHERE product = ? ORDER BY due, line", arguments: [product]
                ).map { OpenOrderRow(orderID: $0["order_id"], due: Day(daysSince1970: $0["due"]), quantity: $0["quantity"]) }
                if let row = try Row.fetchOne(db, sql: "SELECT * FROM product_parameter WHERE product = ?", arguments: [product]) {
                    s.parameters = ParameterRow(
                        leadTimeDays: row["lead_time_days"], moq: row["moq"], packSize: row["pack_size"], reviewDays: row["review_days"],
                        serviceLevel: row["service_level"], unitCost: row["unit_cost"])
                }
                if s != ProductSupply() { out[product] = s }
            }
            return out
        }
    }
}
