import Foundation
import StockcastCore
import Testing

@testable import Ingest

@Suite struct ERPFileRejectionTests {
    static let header = "Date,Product_ID,Sales,Returns\n"

    static let notUTF8: [([UInt8], String)] = {
        let header = Array(Self.header.utf8)
        let row = Array("2024-01-01,A,1,1\n".utf8)
        let latin = "is not UTF-8 text: byte 0xE9 on this line is not valid UTF-8 (perhaps Latin-1 or Windows-1252); export the file as UTF-8"
        var cases: [([UInt8], String)] = []
        cases.append((header + [0xFF], "t.csv line 2: " + latin.replacingOccurrences(of: "0xE9", with: "0xFF")))
        cases.append((header + Array("2024-01-01,Caf".utf8) + [0xE9] + Array(",1,1\n".utf8), "t.csv line 2: " + latin))
        // A sequence cut off by the end of the file.
        cases.append((header + row + [0xC3], "t.csv line 3: " + latin.replacingOccurrences(of: "0xE9", with: "0xC3")))
        // An encoded surrogate.
        cases.append((header + row + [0xED, 0xA0, 0x80, 0x0A], "t.csv line 3: " + latin.replacingOccurrences(of: "0xE9", with: "0xED")))
        // An overlong encoding of "/".
        cases.append((header + row + row + [0xC0, 0xAF], "t.csv line 4: " + latin.replacingOccurrences(of: "0xE9", with: "0xC0")))
        cases.append(([0xFF, 0xFE, 0x44, 0x00], "t.csv line 1: is not UTF-8 text: it starts like UTF-16 (byte 0xFF); export the file as UTF-8"))
        return cases
    }()

    @Test(arguments: notUTF8)
    func invalidUTF8AnywhereRejectsTheFile(_ bytes: [UInt8], _ message: String) {
        #expect(rejection(bytes) == message)
    }

    @Test func theFirstProblemInTheFileIsReportedEvenBeforeInvalidBytesFurtherOn() {
        let bytes = Array((Self.header + "2024-01-01,A,1,1\n2024-13-01,A,1,1\n2024-01-02,A,1,1\n").utf8) + [0xFF, 0x0A]
        #expect(
            rejection(bytes) == "t.csv line 3, column Date: \"2024-13-01\" is not a day of the calendar (there is no month 13); correct the date in the export")
    }

    @Test(arguments: ["", "\u{FEFF}", "\n\n  \r\n"])
    func anEmptyFileIsRejected(_ text: String) {
        #expect(rejection(text) == "t.csv: is empty; an export needs a header line such as Date,Product_ID,Sales,Returns and data rows")
    }

    @Test(arguments: ["Date,Product_ID,Sales,Returns", "Date,Product_ID,Sales,Returns\r\n", "Date,Product_ID,Sales,Returns\n\n,,,\n  \n"])
    func aHeaderWithoutDataRowsIsRejected(_ text: String) {
        #expect(rejection(text) == "t.csv: has a header but no data rows")
    }

    @Test(arguments: [
        (
            "Date,Name,Sales\n",
            "t.csv line 1: the header needs a product column (product_id, product, product_name, sku, item, item_id, item_name, article, artikel, stockcode); it has the columns \"Date\", \"Name\", \"Sales\""
        ),
        (
            "\n\nWhen,SKU,Sales\n",
            "t.csv line 3: the header needs a date column (date, day, datum, posting_date, order_date, transaction_date); it has the columns \"When\", \"SKU\", \"Sales\""
        ),
        (
            "Date;SKU;Price\n",
            "t.csv line 1: the header needs a sales, returns or quantity column (sales, sold, units_sold, sales_qty, verkauf, returns, returned, units_returned, return_qty, retouren, quantity, qty, menge); it has the columns \"Date\", \"SKU\", \"Price\""
        ),
        (
            "2023-01-01,P001,75,11\n",
            "t.csv line 1: the header needs a date column (date, day, datum, posting_date, order_date, transaction_date), a product column (product_id, product, product_name, sku, item, item_id, item_name, article, artikel, stockcode) and a sales, returns or quantity column (sales, sold, units_sold, sales_qty, verkauf, returns, returned, units_returned, return_qty, retouren, quantity, qty, menge); it has the columns \"2023-01-01\", \"P001\", \"75\", \"11\""
        ),
        ("Date,SKU,sku ,Sales\n", "t.csv line 1: the columns \"SKU\" and \"sku\" both mean the product; remove or rename one of them"),
        ("Date,SKU,Sales,Units Sold\n", "t.csv line 1: the columns \"Sales\" and \"Units Sold\" both mean sales; remove or rename one of them"),
        (
            "Date,\"SKU\nCode\",Sales\n",
            "t.csv line 1: the header needs a product column (product_id, product, product_name, sku, item, item_id, item_name, article, artikel, stockcode); it has the columns \"Date\", \"SKU\nCode\", \"Sales\""
        ),
    ])
    func aHeaderWithoutTheNeededColumnsSaysWhatIsMissingAndWhatWasFound(_ header: String, _ message: String) {
        #expect(rejection(header + "2024-01-01,A,1\n") == message)
    }

    @Test(arguments: [
        ("2024-01-01,A,1\n", "t.csv line 2: has 3 fields but the header has 4; every row needs a value (possibly empty) for each column, separated by ','"),
        ("2024-01-01,A,1,1\n2024-01-01,A,1,1,\n", "t.csv line 3: has 5 fields but the header has 4; a value that contains ',' must be in quotes"),
        (
            "2024-01-01,A,1,1\n2024-01-01\n",
            "t.csv line 3: has 1 field but the header has 4; every row needs a value (possibly empty) for each column, separated by ','"
        ),
        ("2024-01-01,A,1,\"1,5\"\n2024-01-01,Acme, Inc.,1,1\n", "t.csv line 3: has 5 fields but the header has 4; a value that contains ',' must be in quotes"),
    ])
    func aRowWithTheWrongNumberOfFieldsIsRejected(_ body: String, _ message: String) {
        #expect(rejection(Self.header + body) == message)
    }

    @Test(arguments: [
        ("2024-02-30", "\"2024-02-30\" is not a day of the calendar (February 2024 has 29 days); correct the date in the export"),
        ("2023-02-29", "\"2023-02-29\" is not a day of the calendar (February 2023 has 28 days); correct the date in the export"),
        ("31.04.2024", "\"31.04.2024\" is not a day of the calendar (April 2024 has 30 days); correct the date in the export"),
        ("2024-00-10", "\"2024-00-10\" is not a day of the calendar (there is no month 0); correct the date in the export"),
        ("0000-01-10", "\"0000-01-10\" is not a day of the calendar (there is no year 0); correct the date in the export"),
        ("2024-01-00", "\"2024-01-00\" is not a day of the calendar (there is no day 0); correct the date in the export"),
        (
            "2024-1-5",
            "\"2024-1-5\" is not a date in a known format (expected YYYY-MM-DD or DD.MM.YYYY, optionally followed by a time); other formats need date_format in the configuration"
        ),
        (
            "2024-01-05 soon",
            "\"2024-01-05 soon\" is not a date in a known format (expected YYYY-MM-DD or DD.MM.YYYY, optionally followed by a time); other formats need date_format in the configuration"
        ),
        (
            "2024-01-05T25:00",
            "\"2024-01-05T25:00\" is not a date in a known format (expected YYYY-MM-DD or DD.MM.YYYY, optionally followed by a time); other formats need date_format in the configuration"
        ),
        (
            "5.1.24",
            "\"5.1.24\" is not a date in a known format (expected YYYY-MM-DD or DD.MM.YYYY, optionally followed by a time); other formats need date_format in the configuration"
        ),
        (
            "Jan 5 2024",
            "\"Jan 5 2024\" is not a date in a known format (expected YYYY-MM-DD or DD.MM.YYYY, optionally followed by a time); other formats need date_format in the configuration"
        ),
        ("", "is empty; every row needs a date"),
    ])
    func aBadDateIsRejectedNeverRolledOver(_ date: String, _ reason: String) {
        #expect(rejection(Self.header + "2024-01-01,A,1,1\n\(date),A,1,1\n") == "t.csv line 3, column Date: " + reason)
    }

    @Test func daysBeforeTheEarliestOrAfterTheLatestAreRejectedAsImplausible() {
        #expect(
            rejection(Self.header + "2024-01-01,A,1,1\n1989-12-31,A,1,1\n")
                == "t.csv line 3, column Date: \"1989-12-31\" is before 1990-01-01, the earliest day accepted: a placeholder date or a mistyped year? Correct the date in the export (older history needs earliestDate in the configuration)"
        )
        #expect(rejection(Self.header + "1990-01-01,A,1,1\n") == nil)
        #expect(rejection(Self.header + "0001-01-01,A,1,1\n", options: IngestOptions(earliestDay: nil)) == nil, "no limit: any day of the calendar")
        let options = IngestOptions(latestDay: Day(iso: "2024-06-30"))
        #expect(rejection(Self.header + "30.06.2024,A,1,1\n", options: options) == nil)
        #expect(
            rejection(Self.header + "01.07.2024,A,1,1\n", options: options)
                == "t.csv line 2, column Date: \"01.07.2024\" is after 2024-06-30, the latest day accepted: a mistyped year? Correct the date in the export")
    }

    @Test func aFileWithMoreProductsThanAllowedIsRejectedAtTheFirstOneTooMany() {
        let body = (1...5).map { "2024-01-01,P\($0),1,1\n" }.joined()
        #expect(rejection(Self.header + body, options: IngestOptions(maxProducts: 5)) == nil)
        #expect(
            rejection(Self.header + body + "2024-01-02,P1,1,1\n2024-01-02,P6,1,1\n", options: IngestOptions(maxProducts: 5))
                == "t.csv line 8, column Product_ID: \"P6\" would be product number 6 of this file; Stockcast plans at most 5 products (maxProducts in the configuration)"
        )
    }

    @Test func aBadDateNamesTheConfiguredFormatToo() {
        #expect(
            rejection("Date,SKU,Sales\n13/01/2024,A,1\n", options: IngestOptions(dateFormat: "MM/dd/yyyy"))
                == "t.csv line 2, column Date: \"13/01/2024\" is not a day of the calendar (there is no month 13); correct the date in the export")
        #expect(
            rejection("Date,SKU,Sales\n2024.01.13,A,1\n", options: IngestOptions(dateFormat: "MM/dd/yyyy"))
                == "t.csv line 2, column Date: \"2024.01.13\" is not a date in a known format (expected YYYY-MM-DD or DD.MM.YYYY or the configured MM/dd/yyyy, optionally followed by a time); other formats need date_format in the configuration"
        )
    }

    @Test(arguments: [
        ("yy-MM-dd", "the year must be written yyyy (four digits)"),
        ("dd MMM yyyy", "month names (MMM) are not supported; use MM or M"),
        (
            "MM/dd/yyyy HH:mm",
            "\"H\" is not supported; use yyyy, MM (or M), dd (or d) and separators (a time after the date is dropped without being described)"
        ),
        ("MM/yyyy", "it needs yyyy, MM (or M) and dd (or d) exactly once each"),
    ])
    func anUnusableConfiguredDateFormatIsReported(_ format: String, _ reason: String) {
        #expect(
            rejection("Date,SKU,Sales\n2024-01-01,A,1\n", options: IngestOptions(dateFormat: format))
                == "t.csv: cannot be read with the configured date_format \"\(format)\": \(reason)")
    }

    @Test(arguments: [
        (
            "2024-01-01,A,many,1",
            "column Sales: \"many\" is not a number (write digits with at most one decimal separator, thousands grouped or not, such as 12, 2.5, 2,5, 1234 or 1.234,50, without units)"
        ),
        (
            "2024-01-01,A,12 pcs,1",
            "column Sales: \"12 pcs\" is not a number (write digits with at most one decimal separator, thousands grouped or not, such as 12, 2.5, 2,5, 1234 or 1.234,50, without units)"
        ),
        ("2024-01-01,A,1,-3", "column Returns: -3 is negative; quantities must be 0 or more"),
        ("2024-01-01,A,-0.5,1", "column Sales: -0.5 is negative; quantities must be 0 or more"),
        ("2024-01-01,A,,1", "column Sales: is empty; write 0 when nothing was sold"),
        ("2024-01-01,A,1,  ", "column Returns: is empty; write 0 when nothing was returned"),
        ("2024-01-01,A,1e999,1", "column Sales: 1e999 is too large to be a quantity"),
        (
            "2024-01-01,A,nan,1",
            "column Sales: \"nan\" is not a number (write digits with at most one decimal separator, thousands grouped or not, such as 12, 2.5, 2,5, 1234 or 1.234,50, without units)"
        ),
        (
            "2024-01-01,A,inf,1",
            "column Sales: \"inf\" is not a number (write digits with at most one decimal separator, thousands grouped or not, such as 12, 2.5, 2,5, 1234 or 1.234,50, without units)"
        ),
        (
            "2024-01-01,A,0x10,1",
            "column Sales: \"0x10\" is not a number (write digits with at most one decimal separator, thousands grouped or not, such as 12, 2.5, 2,5, 1234 or 1.234,50, without units)"
        ),
        ("2024-01-01,A,1.5e308,1", "column Sales: the day's total of sales for \"A\" on 2024-01-01 is too large to represent"),
    ])
    func aBadQuantityIsRejected(_ row: String, _ message: String) {
        let body = Self.header + "2024-01-01,A,1.5e308,0\n" + row + "\n"
        #expect(rejection(body, options: IngestOptions(maxQuantity: nil)) == "t.csv line 3, " + message)
    }

    @Test func aSignedQuantityMustBeANumberToo() {
        #expect(
            rejection("Datum;Artikel;Menge\n01.01.2024;A;\n")
                == "t.csv line 2, column Menge: is empty; write the quantity (negative for returns, 0 for none)")
        #expect(
            rejection("Datum;Artikel;Menge\n01.01.2024;A;1.00,5\n")
                == "t.csv line 2, column Menge: \"1.00,5\" is not a number (write digits with at most one decimal separator, thousands grouped or not, such as 12, 2.5, 2,5, 1234 or 1.234,50, without units)"
        )
    }

    @Test(arguments: [
        ("", "is empty; every row needs a product id"),
        ("  ", "is empty; every row needs a product id"),
        ("\"A\tB\"", "contains the control character U+0009; a product id must be printable text"),
        ("\"A\nB\"", "contains the control character U+000A; a product id must be printable text"),
        ("A\u{7F}", "contains the control character U+007F; a product id must be printable text"),
        (
            String(repeating: "x", count: 257),
            "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…\" is 257 bytes long; a product id may have at most 256 bytes (UTF-8)"
        ),
        (
            String(repeating: "é", count: 129),
            "\"éééééééééééééééééééééééééééééééééééééééé…\" is 258 bytes long; a product id may have at most 256 bytes (UTF-8)"
        ),
    ])
    func aBadProductIdIsRejected(_ id: String, _ reason: String) {
        #expect(rejection(Self.header + "2024-01-01,A,1,1\n2024-01-01,\(id),1,1\n") == "t.csv line 3, column Product_ID: " + reason)
    }

    @Test func aProductIdOf256BytesIsAccepted() throws {
        let id = String(repeating: "x", count: 256)
        #expect(try ingest(Self.header + "2024-01-01,\(id),1,1\n").totals.keys.first == id)
    }

    @Test func aLineLongerThanOneMebibyteIsRejected() {
        let long = String(repeating: "n", count: RecordParser.maxRecordBytes)
        #expect(
            rejection("Date,Note,SKU,Sales\n2024-01-01,\(long),A,1\n")
                == "t.csv line 2: is longer than 1 MiB (1048576 bytes); is this a CSV file with one row per line, and is every quote closed?")
        let fits = String(repeating: "n", count: RecordParser.maxRecordBytes - 17)
        #expect(rejection("Date,Note,SKU,Sales\n2024-01-01,\(fits),A,1\r\n") == nil)
    }

    @Test func aQuoteLeftOpenAtTheEndOfTheFileIsRejected() {
        #expect(
            rejection(Self.header + "2024-01-01,A,1,1\n2024-01-02,\"B,1,1\n2024-01-03,C,1,1\n")
                == "t.csv line 3, column Product_ID: a quoted field starting on this line is not closed by the end of the file; close the quote, or double a quote inside the field (\"\")"
        )
        #expect(rejection("Date,\"Product_ID,Sales\n") == "t.csv line 1: the header line opens a quote that is never closed; check the header for a stray \"")
    }

    @Test func carriageReturnsAloneAsLineBreaksAreRejected() {
        #expect(
            rejection("Date,SKU,Sales\r2024-01-01,A,1\r2024-01-02,A,1\r")
                == "t.csv line 1: breaks lines with a carriage return alone (old Mac format); export it with LF or CRLF line breaks")
    }

    @Test func textAfterAClosingQuoteIsRejected() {
        #expect(
            rejection(Self.header + "2024-01-01,\"A\"B,1,1\n")
                == "t.csv line 2, column Product_ID: has text after the closing quote of a quoted field; a quote inside a quoted field must be doubled (\"\")")
    }

    @Test func aQuoteInsideAnUnquotedFieldIsText() throws {
        #expect(try ingest(Self.header + "2024-01-01,5\" pipe,1,1\n").totals.keys.first == "5\" pipe")
    }

    @Test func aMissingFileOrADirectoryIsAnErrorNamingThePath() {
        let missing = #expect(throws: IngestError.self) { try ERPFile.read(path: "/nonexistent/in/x.csv") }
        #expect(missing?.description == "x.csv: cannot be read: there is no file at /nonexistent/in/x.csv")
        let directory = #expect(throws: IngestError.self) { try ERPFile.read(path: NSTemporaryDirectory()) }
        #expect(directory?.reason.contains("is a directory") == true)
    }
}
