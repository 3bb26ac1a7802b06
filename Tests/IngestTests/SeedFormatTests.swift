import Foundation
import Ingest
import StockcastCore
import StockcastTesting
import Testing

@Suite struct SeedFormatTests {
    @Test func readsTheSeedFormatSummingRowsAndFillingMissingDaysWithZero() throws {
        let csv = """
            Date,Product_ID,Sales,Returns
            2024-01-01,B,5,1
            2024-01-01,A,10,0
            2024-01-01,A,2,1
            2024-01-04,A,7,2

            """
        let histories = try SeedFormat.parse(text: csv, name: "t.csv")
        #expect(histories.map(\.product) == ["A", "B"])
        #expect(histories[0].start == Day(iso: "2024-01-01"))
        #expect(histories[0].sales == [12, 0, 0, 7])
        #expect(histories[0].returns == [1, 0, 0, 2])
        #expect(histories[1].sales == [5])
    }

    @Test func acceptsAnyColumnOrderCaseBOMAndCRLF() throws {
        let csv = "\u{FEFF}returns,SALES,product_id,date,doc\r\n1,3,\"X, Ltd\",2024-03-01,77\r\n"
        let h = try SeedFormat.parse(text: csv, name: "t.csv")
        #expect(h == [ProductHistory(product: "X, Ltd", start: Day(iso: "2024-03-01")!, sales: [3], returns: [1])])
    }

    @Test func renderedHistoriesReadBackEqual() throws {
        let h = [ProductHistory(product: "P \"1\"", start: Day(iso: "2023-12-30")!, sales: [1, 2.5, 0], returns: [0, 1, 3])]
        #expect(try SeedFormat.parse(text: SeedFormat.render(h), name: "r.csv") == h)
    }

    @Test(arguments: [
        (
            "Date,Product_ID,Sales,Returns\n2024-02-30,A,1,1\n",
            "r.csv line 2, column Date: \"2024-02-30\" is not a day of the calendar (February 2024 has 29 days); correct the date in the export"
        ),
        ("Date,Product_ID,Sales,Returns\n2024-02-01,A,1,1\n2024-02-02,A,-3,1\n", "r.csv line 3, column Sales: -3 is negative; quantities must be 0 or more"),
        (
            "Date,Product_ID,Sales,Returns\n2024-02-01,A,1,many\n",
            "r.csv line 2, column Returns: \"many\" is not a number (write digits with at most one decimal separator, thousands grouped or not, such as 12, 2.5, 2,5, 1234 or 1.234,50, without units)"
        ),
        (
            "Date,Product_ID,Sales,Returns\n2024-02-01,A,1\n",
            "r.csv line 2: has 3 fields but the header has 4; every row needs a value (possibly empty) for each column, separated by ','"
        ),
        (
            "Date,Thing,Sales,Returns\n2024-02-01,A,1,1\n",
            "r.csv line 1: the header needs a product column (product_id, product, product_name, sku, item, item_id, item_name, article, artikel, stockcode); it has the columns \"Date\", \"Thing\", \"Sales\", \"Returns\""
        ),
        ("Date,Product_ID,Sales,Returns\n", "r.csv: has a header but no data rows"),
    ])
    func badInputIsRejectedNamingLineColumnAndReason(_ csv: String, _ message: String) {
        let error = #expect(throws: IngestError.self) { try SeedFormat.parse(text: csv, name: "r.csv") }
        #expect(error?.description == message)
    }

    @Test func timesAfterTheDateAreDroppedButNotAnyText() throws {
        let csv = "Date,Product_ID,Sales,Returns\n2024-01-01 12:00:00,A,1,0\n2024-01-01T08:30Z,A,2,0\n"
        #expect(try SeedFormat.parse(text: csv, name: "t.csv")[0].sales == [3])
        #expect(throws: IngestError.self) {
            try SeedFormat.parse(text: "Date,Product_ID,Sales,Returns\n2024-01-01 soon,A,1,0\n", name: "t.csv")
        }
    }

    @Test(arguments: [
        ("2024-01-01,A,1,1\n2024-01-02,Z,5,1\u{FF}\n", 3), ("2024-01-01,A\u{FF},1,1\n2024-01-02,Z,5,1\n", 2),
        ("2024-01-01,A,1,1\n\u{FF}\u{FE}", 3),
    ])
    func invalidUTF8IsRejectedWhereverItIs(_ body: String, _ line: Int) throws {
        // Latin-1 bytes, not their UTF-8 encoding: \u{FF} here stands for the single byte 0xFF.
        let bytes = Array("Date,Product_ID,Sales,Returns\n".utf8) + body.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        let path = try Scratch.file("utf8", suffix: ".csv", bytes: bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: IngestError.self) { try SeedFormat.read(path: path) }
        #expect(error?.line == line)
        #expect(error?.reason.contains("not UTF-8") == true)
    }

    @Test func aMissingFileIsAnErrorNotACrash() {
        let error = #expect(throws: IngestError.self) { try SeedFormat.read(path: "/nonexistent/x.csv") }
        #expect(error?.description == "x.csv: cannot be read: there is no file at /nonexistent/x.csv")
    }

    @Test func anEmptyFileIsRejected() {
        #expect(throws: IngestError.self) { try SeedFormat.parse(text: "", name: "e.csv") }
    }
}
