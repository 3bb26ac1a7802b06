import Foundation
import StockcastCore
import StockcastTesting
import Store
import Testing

@Suite struct SupplyTableTests {
    static let d1 = Day(iso: "2025-03-01")!, d2 = Day(iso: "2025-03-02")!

    static func apply(_ db: StockcastDatabase, _ name: String, _ rows: SupplyRows) throws -> AppliedFile {
        try db.recordAccepted(LedgerTests.arriving(name, sha: name), destination: "archive/\(name)", rows: 1, supply: rows)
    }

    @Test func theNewestSnapshotOfEachProductCountsAndAnOlderOneChangesNothing() throws {
        let (db, dir) = try LedgerTests.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try LedgerTests.accept(db, "sales.csv", sha: "s", [.sales], [("A", "2025-03-01", 5, 0)])
        try db.markPublished(["A"])
        let newer = try Self.apply(db, "s2.csv", .stock(["A": StockRow(day: Self.d2, onHand: 7), "B": StockRow(day: Self.d1, onHand: 3)]))
        #expect(newer.entry.status == .accepted && newer.entry.rows == 1)
        #expect(try db.productsToPublish() == ["A"], "B has no history to publish yet")
        let older = try Self.apply(db, "s1.csv", .stock(["A": StockRow(day: Self.d1, onHand: 99)]))
        #expect(older.changed.isEmpty)
        #expect(
            try db.supply(["A", "B", "C"]) == [
                "A": ProductSupply(stock: StockRow(day: Self.d2, onHand: 7)), "B": ProductSupply(stock: StockRow(day: Self.d1, onHand: 3)),
            ])
        // The same day again (a corrected re-export) replaces it.
        _ = try Self.apply(db, "s3.csv", .stock(["A": StockRow(day: Self.d2, onHand: 8)]))
        #expect(try db.supply(["A"])["A"]?.stock == StockRow(day: Self.d2, onHand: 8))
    }

    @Test func openOrdersAreReplacedForTheProductsAFileListsAndParametersPerProduct() throws {
        let (db, dir) = try LedgerTests.database()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a1 = OpenOrderRow(orderID: "PO1", due: Self.d2, quantity: 10), a2 = OpenOrderRow(orderID: nil, due: Self.d1, quantity: 4)
        let b1 = OpenOrderRow(orderID: "PO9", due: Self.d1, quantity: 6)
        _ = try Self.apply(db, "o1.csv", .openOrders(["A": [a1, a2], "B": [b1]]))
        #expect(try db.supply(["A"])["A"]?.openOrders == [a2, a1], "by due day")
        // A re-export listing A with nothing open clears A's orders and leaves B's.
        _ = try Self.apply(db, "o2.csv", .openOrders(["A": []]))
        #expect(try db.supply(["A", "B"]) == ["B": ProductSupply(openOrders: [b1])])
        let p = ParameterRow(leadTimeDays: 14, moq: 100, packSize: 12)
        _ = try Self.apply(db, "m1.csv", .parameters(["A": p]))
        _ = try Self.apply(db, "m2.csv", .parameters(["A": ParameterRow(serviceLevel: 0.98)]))
        #expect(try db.supply(["A"])["A"]?.parameters == ParameterRow(serviceLevel: 0.98), "a product's row replaces its earlier one")
    }
}
