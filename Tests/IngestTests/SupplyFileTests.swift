import StockcastCore
import Testing

@testable import Ingest

@Suite struct SupplyFileTests {
    static func read(_ text: String, chunkSize: Int = 1 << 20, options: IngestOptions = IngestOptions()) throws(IngestError) -> InboxContent {
        try ERPFile.parseContent(Array(text.utf8), name: "s.csv", options: options, chunkSize: chunkSize)
    }

    static func supply(_ text: String, chunkSize: Int = 1 << 20) throws -> SupplyFile {
        guard case .supply(let file) = try read(text, chunkSize: chunkSize) else {
            Issue.record("read as a sales file")
            return SupplyFile(kind: .stockSnapshot)
        }
        return file
    }

    static func rejection(_ text: String) -> String? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aStockSnapshotKeepsTheNewestDayOfEachProductAndSumsItsLocations() throws {
        let text = "\u{FEFF}Datum;Artikel;Lagerbestand;Lagerort\r\n01.03.2025;P1;10;A\r\n02.03.2025;P1;7,5;A\r\n02.03.2025;P1;2;B\r\n01.03.2025;P2;-3;A\r\n"
        for chunk in [1, 3, 1 << 20] {
            let file = try Self.supply(text, chunkSize: chunk)
            #expect(file.kind == .stockSnapshot)
            #expect(file.rows == 4)
            #expect(file.stock["P1"] == StockLevel(day: Day(iso: "2025-03-02")!, onHand: 9.5))
            #expect(file.stock["P2"] == StockLevel(day: Day(iso: "2025-03-01")!, onHand: -3), "an ERP's negative stock is kept")
            #expect(file.dialect.hasPrefix("stock snapshot, ';'-separated, CRLF, BOM"))
        }
    }

    @Test func openOrdersKeepEveryLineAndAProductListedWithNothingOpen() throws {
        let file = try Self.supply("sku,eta,po_qty,po_number\nP1,2025-03-05,40,PO-1\nP1,2025-03-20,\"1,200\",PO-2\nP2,2025-03-05,0,PO-3\n")
        #expect(file.kind == .openOrders)
        #expect(
            file.openOrders["P1"] == [
                OpenOrderLine(orderID: "PO-1", due: Day(iso: "2025-03-05")!, quantity: 40),
                OpenOrderLine(orderID: "PO-2", due: Day(iso: "2025-03-20")!, quantity: 1200),
            ])
        #expect(file.openOrders["P2"] == [], "listed with 0 open: its open orders are cleared")
    }

    @Test func aProductMasterReadsEachParameterAndLeavesEmptyCellsToTheConfiguration() throws {
        let file = try Self.supply("Item\tWBZ\tMindestmenge\tVPE\tservice_level\treview_days\tunit_cost\nP1\t14\t100\t12\t0.98\t7\t2.5\nP2\t\t\t\t\t\t\n")
        #expect(file.kind == .productMaster)
        #expect(
            file.parameters["P1"]
                == MasterParameters(leadTimeDays: 14, moq: 100, packSize: 12, reviewDays: 7, serviceLevel: 0.98, unitCost: 2.5))
        #expect(file.parameters["P2"] == MasterParameters())
    }

    @Test func salesFilesAreStillReadAsSalesFiles() throws {
        guard case .sales(let file) = try Self.read("Date,Product_ID,Sales,Returns\n2025-01-01,P1,5,1\n") else {
            Issue.record("not read as a sales file")
            return
        }
        #expect(file.rows == 1)
    }

    @Test(arguments: [
        ("date,product_id,on_hand\n2025-03-01,P1,ten\n", "s.csv line 2, column on_hand: \"ten\" is not a number"),
        ("date,product_id,on_hand\n2025-02-30,P1,1\n", "s.csv line 2, column date: \"2025-02-30\" is not a day of the calendar"),
        ("date,product_id,on_hand\n2025-03-01,P1,1\n2025-03-01,,1\n", "s.csv line 3, column product_id: is empty"),
        ("date,product_id,on_hand\n2025-03-01,P1,2e9\n", "s.csv line 2, column on_hand: \"2e9\" is more than 1000000000 units"),
        ("date,product_id,on_hand\n2025-03-01,P1\n", "s.csv line 2: has 2 fields but the header has 3"),
        ("product,due_date,open_qty\nP1,2025-03-05,-4\n", "s.csv line 2, column open_qty: \"-4\" is negative"),
        ("product,due_date\nP1,2025-03-05\n", "s.csv line 1: an open orders file needs a column for the open quantity"),
        ("product,on_hand,lead_time\nP1,3,4\n", "s.csv line 1: the header has columns of a stock snapshot and of a product master file"),
        ("product,lead_time\nP1,2.5\n", "s.csv line 2, column lead_time: \"2.5\" is not a lead time: write a whole number of days from 1 to 730"),
        ("product,service_level\nP1,95\n", "s.csv line 2, column service_level: \"95\" is not a service level"),
        ("product,pack_size\nP1,0\n", "s.csv line 2, column pack_size: a pack size must be more than 0"),
        ("product,moq\nP1,5\nP1,6\n", "s.csv line 3, column product: \"P1\" already has a row on line 2"),
        ("product;moq\nP1;NaN\n", "s.csv line 2, column moq: \"NaN\" is not a number"),
        ("product,moq\n", "s.csv: has a header but no rows"),
        ("product,moq,moq\nP1,1,2\n", "s.csv line 1: the columns \"moq\" and \"moq\" both mean the minimum order quantity"),
        ("product,moq\nP1,\"5\"x\n", "s.csv line 2, column moq: has text after the closing quote"),
    ])
    func aBadRowRejectsTheWholeFileWithLineAndColumn(_ text: String, _ expected: String) {
        let message = Self.rejection(text)
        #expect(message?.hasPrefix(expected) == true, "\(message ?? "accepted")")
    }

    @Test func invalidUTF8IsRejectedWithItsLine() {
        var bytes = Array("date,product_id,on_hand\n2025-03-01,P1,1\n2025-03-01,Caf".utf8)
        bytes += [0xE9] + Array(",1\n".utf8)
        do {
            _ = try ERPFile.parseContent(bytes, name: "s.csv")
            Issue.record("accepted")
        } catch {
            #expect(error.line == 3)
            #expect(error.reason.hasPrefix("is not UTF-8 text: byte 0xE9"))
        }
    }

    @Test func productIdsAreNormalisedAsInSalesFiles() throws {
        let file = try Self.supply("product,moq\n\"A\u{30A}\",5\n")
        #expect(file.parameters.keys.map { $0 } == ["\u{C5}"])
    }

    @Test func theProductLimitStopsARunawayFile() {
        var text = "product,moq\n"
        for i in 0..<5 { text += "P\(i),1\n" }
        do {
            _ = try ERPFile.parseContent(Array(text.utf8), name: "s.csv", options: IngestOptions(maxProducts: 3))
            Issue.record("accepted")
        } catch {
            #expect(error.line == 5)
        }
    }
}
