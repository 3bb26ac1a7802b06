import Ingest
import StockcastCore
import Testing

/// Parses `text` as an inbox file named `t.csv`.
func ingest(_ text: String, options: IngestOptions = IngestOptions()) throws(IngestError) -> IngestedFile {
    try ERPFile.parse(Array(text.utf8), name: "t.csv", options: options)
}

func day(_ iso: String) -> Day {
    Day(iso: iso) ?? Day(daysSince1970: Int.min / 2)
}

@Suite struct ERPFileDialectTests {
    // MARK: Dialects

    @Test(arguments: [(",", "','-separated"), (";", "';'-separated"), ("\t", "tab-separated"), ("|", "'|'-separated")])
    func eachDelimiterIsDetectedFromTheHeader(_ delimiter: String, _ described: String) throws {
        let rows = [["Date", "Product_ID", "Sales", "Returns"], ["2024-01-01", "A", "3", "1"], ["2024-01-02", "B", "4", "0"]]
        let file = try ingest(rows.map { $0.joined(separator: delimiter) }.joined(separator: "\n") + "\n")
        #expect(
            file.totals == [
                "A": [day("2024-01-01"): DailyCell(sales: 3, returns: 1)],
                "B": [day("2024-01-02"): DailyCell(sales: 4, returns: 0)],
            ])
        #expect(file.rows == 2)
        #expect(file.dialect == "\(described), LF, ISO dates, sales and returns")
    }

    @Test func theProductIdWinsOverTheProductNameAndTheDialectSaysSo() throws {
        let file = try ingest("Date,Product Name,Product_ID,Sales\n2024-01-01,Blue Mug,M-1,3\n")
        #expect(Array(file.totals.keys) == ["M-1"])
        #expect(file.dialect.hasSuffix("sales only, product id from \"Product_ID\" (\"Product Name\" ignored)"))
        let bySKU = try ingest("Datum;Item Name;SKU;Menge\n01.02.2024;Tasse;T9;-2\n")
        #expect(bySKU.totals["T9"]?[day("2024-02-01")] == DailyCell(sales: 0, returns: 2))
    }

    @Test func theDelimiterIsTheOneThatYieldsRecognisableColumnsNotTheMostFrequent() throws {
        // Commas in a column name must not make this a comma-separated file.
        let file = try ingest("Date;Product;Sales;Note, free text, more text\n2024-01-01;A;3;x, y, z\n")
        #expect(file.totals["A"]?[day("2024-01-01")]?.sales == 3)
        #expect(file.dialect.hasPrefix("';'-separated"))
    }

    @Test func crlfLineEndingsAreNotPartOfTheLastField() throws {
        let file = try ingest("Date,Sales,Product_ID\r\n2024-01-01,3,A\r\n2024-01-01,2,A\r\n")
        #expect(file.totals == ["A": [day("2024-01-01"): DailyCell(sales: 5, returns: 0)]])
        #expect(file.dialect == "','-separated, CRLF, ISO dates, sales only")
    }

    @Test func aByteOrderMarkBeforeTheHeaderIsSkipped() throws {
        let file = try ingest("\u{FEFF}Date,Product_ID,Sales,Returns\n2024-01-01,A,1,2\n")
        #expect(file.totals["A"]?[day("2024-01-01")] == DailyCell(sales: 1, returns: 2))
        #expect(file.dialect == "','-separated, LF, BOM, ISO dates, sales and returns")
    }

    @Test func quotedFieldsMayHoldDelimitersDoubledQuotesAndLineBreaks() throws {
        let csv = """
            "Date","Product_ID","Note","Sales","Returns"
            "2024-01-01","Acme, ""Deluxe"" 5/8","first line
            second line, with a comma",3,1
            2024-01-01,"Acme, ""Deluxe"" 5/8",,"2",0
            2024-01-02,  "padded"  ,x,1,0

            """
        let file = try ingest(csv)
        #expect(
            file.totals == [
                "Acme, \"Deluxe\" 5/8": [day("2024-01-01"): DailyCell(sales: 5, returns: 1)],
                "padded": [day("2024-01-02"): DailyCell(sales: 1, returns: 0)],
            ])
        #expect(file.rows == 3)
        #expect(file.dialect == "','-separated, LF, quoted fields, ISO dates, sales and returns")
    }

    @Test func linesAfterAQuotedLineBreakAreCountedAsPhysicalLines() {
        // The record on line 2 spans lines 2–4; the bad row is on line 5.
        let csv = "Date,Product_ID,Note,Sales\n2024-01-01,A,\"a\nb\nc\",1\n2024-01-01,A,,x\n"
        #expect(
            rejection(csv)
                == "t.csv line 5, column Sales: \"x\" is not a number (write digits with at most one decimal separator, thousands grouped or not, such as 12, 2.5, 2,5, 1234 or 1.234,50, without units)"
        )
    }

    @Test func blankLinesAnywhereAreSkipped() throws {
        let csv = "\n  \n;;;\r\n,,\nDate,Product_ID,Sales\n\n2024-01-01,A,1\n   \n,,\r\n\t\n2024-01-02,A,2\n\n"
        let file = try ingest(csv)
        #expect(file.rows == 2)
        #expect(file.totals["A"]?.count == 2)
        #expect(rejection(csv + "2024-01-01,A,x\n")?.hasPrefix("t.csv line 13, column Sales:") == true)
    }

    @Test func aLastLineWithoutLineBreakIsRead() throws {
        let file = try ingest("Date,Product_ID,Sales\n2024-01-01,A,1\n2024-01-01,A,2")
        #expect(file.totals["A"]?[day("2024-01-01")]?.sales == 3)
    }

    @Test func theDialectIsDescribedForLogs() throws {
        let csv = "\u{FEFF}Datum;Artikel;Menge\r\n31.01.2024;A;5\r\n31.01.2024;A;-2,5\r\n"
        let file = try ingest(csv)
        #expect(file.dialect == "';'-separated, CRLF, BOM, day-first dates, signed quantity, decimal comma")
    }

    // MARK: Headers

    @Test(arguments: [
        "date,product_id,sales,returns",
        "Day,Product,Sold,Returned",
        "DATUM,ARTIKEL,VERKAUF,RETOUREN",
        "Posting Date,Item ID,Units Sold,Units Returned",
        "order-date,item-name,sales-qty,return-qty",
        "  Transaction_Date , SKU , Sales , Returns ",
        "date,Product Name,units_sold,units_returned",
        "date,Article,sales,returns",
        "date,StockCode,sales,returns",
        "date,Stock Code,sales,returns",
        "date,item,sales,returns",
        "date,Item_Name,sales,returns",
    ])
    func headerAliasesAreMatchedIgnoringCaseSpacesDashesAndUnderscores(_ header: String) throws {
        let file = try ingest(header + "\n2024-01-01,A,3,1\n")
        #expect(file.totals == ["A": [day("2024-01-01"): DailyCell(sales: 3, returns: 1)]])
        #expect(file.measures == [.sales, .returns])
    }

    @Test(arguments: ["Quantity", "qty", "MENGE", " Q-T-Y "])
    func quantityAliasesMakeASignedQuantityFile(_ name: String) throws {
        let file = try ingest("date,sku,\(name)\n2024-01-01,A,3\n2024-01-01,A,-1\n")
        #expect(file.measures == [.sales, .returns])
        #expect(file.totals["A"]?[day("2024-01-01")] == DailyCell(sales: 3, returns: 1))
    }

    @Test func otherColumnsAreIgnored() throws {
        let csv = "Doc No,Date,Price,Product_ID,Sales,Warehouse,Returns\n4711,2024-01-01,9.99,A,3,North,1\n"
        #expect(try ingest(csv).totals == ["A": [day("2024-01-01"): DailyCell(sales: 3, returns: 1)]])
    }

    // MARK: Measures and sums

    @Test func aSalesOnlyFileCarriesOnlySales() throws {
        let file = try ingest("Date,SKU,Sold\n2024-01-01,A,3\n")
        #expect(file.measures == [.sales])
        #expect(file.totals["A"]?[day("2024-01-01")] == DailyCell(sales: 3, returns: 0))
        #expect(file.dialect.hasSuffix("sales only"))
    }

    @Test func aReturnsOnlyFileCarriesOnlyReturns() throws {
        let file = try ingest("Date,SKU,Returns\n2024-01-01,A,2\n2024-01-01,A,0.5\n")
        #expect(file.measures == [.returns])
        #expect(file.totals["A"]?[day("2024-01-01")] == DailyCell(sales: 0, returns: 2.5))
        #expect(file.dialect.hasSuffix("returns only"))
    }

    @Test func aFileWithSalesAndReturnsCarriesBoth() throws {
        let file = try ingest("Date,SKU,Returns,Sales\n2024-01-01,A,2,7\n")
        #expect(file.measures == [.sales, .returns])
        #expect(file.totals["A"]?[day("2024-01-01")] == DailyCell(sales: 7, returns: 2))
    }

    @Test func aSignedQuantityIsSplitIntoSalesAndReturnsNeverNetted() throws {
        let csv = "Date,SKU,Qty\n2024-01-01,A,5\n2024-01-01,A,-2\n2024-01-01,A,1\n2024-01-02,A,-3\n2024-01-03,A,0\n"
        let file = try ingest(csv)
        #expect(file.measures == [.sales, .returns])
        #expect(
            file.totals["A"] == [
                day("2024-01-01"): DailyCell(sales: 6, returns: 2),
                day("2024-01-02"): DailyCell(sales: 0, returns: 3),
                day("2024-01-03"): DailyCell(sales: 0, returns: 0),
            ])
        #expect(file.dialect.hasSuffix("signed quantity"))
    }

    @Test func transactionLinesForOneProductAndDayAreSummed() throws {
        let csv = "Date,SKU,Sales,Returns\n2024-01-01,A,1,0\n2024-01-02,B,1,1\n2024-01-01,A,2.25,1\n2024-01-01 17:00,A,3,0\n"
        let file = try ingest(csv)
        #expect(file.rows == 4)
        #expect(
            file.totals == [
                "A": [day("2024-01-01"): DailyCell(sales: 6.25, returns: 1)],
                "B": [day("2024-01-02"): DailyCell(sales: 1, returns: 1)],
            ])
    }

    @Test func daysWithoutRowsAreZeroInTheHistories() throws {
        let csv = "Date,SKU,Sales,Returns\n2024-01-05,B,1,1\n2024-01-01,A,4,1\n2024-01-04,A,7,2\n2024-02-28,C,1,0\n2024-03-01,C,2,0\n"
        let histories = try ingest(csv).histories()
        #expect(
            histories == [
                ProductHistory(product: "A", start: day("2024-01-01"), sales: [4, 0, 0, 7], returns: [1, 0, 0, 2]),
                ProductHistory(product: "B", start: day("2024-01-05"), sales: [1], returns: [1]),
                ProductHistory(product: "C", start: day("2024-02-28"), sales: [1, 0, 2], returns: [0, 0, 0]),
            ])
    }

    // MARK: Dates

    @Test(arguments: [
        ("31.01.2024", "2024-01-31"), ("1.2.2024", "2024-02-01"), ("01.2.2024", "2024-02-01"),
        ("29.02.2024", "2024-02-29"), ("31.12.2023 23:59", "2023-12-31"), ("5.6.2024 08:30:00", "2024-06-05"),
        ("5.6.2024 08:30:00,25", "2024-06-05"),
    ])
    func dayFirstDatesAreRead(_ text: String, _ iso: String) throws {
        let file = try ingest("Datum;Artikel;Verkauf\n\(text);A;1\n")
        #expect(file.totals["A"]?.keys.first == day(iso))
        #expect(file.dialect.contains("day-first dates"))
    }

    @Test(arguments: [
        "2024-03-01T08:30", "2024-03-01 08:30", "2024-03-01T08:30:15", "2024-03-01T08:30:15.123Z",
        "2024-03-01T23:30:00+01:00", "2024-03-01 00:00:00 -0500", "2024-03-01T8:05Z", "2024-03-01 12:00:00.5",
    ])
    func aTimeAfterTheDateIsDroppedWhateverItsZone(_ text: String) throws {
        let file = try ingest("Date,SKU,Sales\n\(text),A,1\n")
        #expect(file.totals["A"]?.keys.first == day("2024-03-01"))
        #expect(file.dialect.contains("ISO dates (times dropped)"))
    }

    @Test(arguments: [
        ("MM/dd/yyyy", "01/02/2024", "2024-01-02"), ("M/d/yyyy", "1/2/2024", "2024-01-02"),
        ("M/d/yyyy", "12/31/2024", "2024-12-31"), ("yyyyMMdd", "20240102", "2024-01-02"),
        ("dd-MM-yyyy", "02-01-2024", "2024-01-02"), ("yyyy/MM/dd", "2024/01/02 10:00", "2024-01-02"),
    ])
    func theConfiguredDateFormatIsTriedAfterISOAndDayFirst(_ format: String, _ text: String, _ iso: String) throws {
        let file = try ingest("Date,SKU,Sales\n\(text),A,1\n2024-01-03,A,1\n", options: IngestOptions(dateFormat: format))
        #expect(file.totals["A"]?.keys.sorted() == [day(iso), day("2024-01-03")].sorted())
        #expect(file.dialect.contains("ISO and \(format) dates"))
    }

    @Test func monthFirstIsNeverGuessedWithoutAConfiguredFormat() {
        #expect(
            rejection("Date,SKU,Sales\n01/02/2024,A,1\n")
                == "t.csv line 2, column Date: \"01/02/2024\" is not a date in a known format (expected YYYY-MM-DD or DD.MM.YYYY, optionally followed by a time); other formats need date_format in the configuration"
        )
    }

    // MARK: Numbers and ids

    @Test func aDecimalCommaIsReadWhenTheDelimiterIsNotAComma() throws {
        let file = try ingest("Datum;Artikel;Verkauf;Retouren\n01.02.2024;A;2,5;0,25\n01.02.2024;A;1,5;,75\n")
        #expect(file.totals["A"]?[day("2024-02-01")] == DailyCell(sales: 4, returns: 1))
        #expect(file.dialect.hasSuffix("decimal comma"))
    }

    @Test func aQuotedDecimalCommaIsReadInACommaSeparatedFile() throws {
        let file = try ingest("Date,SKU,Sales\n2024-01-01,A,\"2,5\"\n")
        #expect(file.totals["A"]?[day("2024-01-01")]?.sales == 2.5)
        #expect(file.dialect.hasSuffix("decimal comma"))
    }

    @Test func numbersAreReadExactlyAsDecimals() throws {
        let csv =
            "Date,SKU,Sales,Returns\n2024-01-01,A, 0.1 ,+3\n2024-01-02,A,1e3,-0\n2024-01-03,A,12345678901234567890.5,2.\n2024-01-04,A,0.30000000000000004,1E-2\n"
        let cells = try ingest(csv, options: IngestOptions(maxQuantity: nil)).totals["A"] ?? [:]
        #expect(cells[day("2024-01-01")] == DailyCell(sales: 0.1, returns: 3))
        #expect(cells[day("2024-01-02")] == DailyCell(sales: 1000, returns: 0))
        #expect(cells[day("2024-01-03")] == DailyCell(sales: 12345678901234567890.5, returns: 2))
        #expect(cells[day("2024-01-04")] == DailyCell(sales: 0.30000000000000004, returns: 0.01))
    }

    @Test func productIdsAreKeptAsGivenApartFromSurroundingSpaces() throws {
        let ids = ["../x", "a b", "Übergröße 🧦", "P/1", "  padded  ", String(repeating: "é", count: 128)]
        var csv = "Date,SKU,Sales\n"
        for id in ids { csv += "2024-01-01,\(id),1\n" }
        let file = try ingest(csv)
        #expect(Set(file.totals.keys) == ["../x", "a b", "Übergröße 🧦", "P/1", "padded", String(repeating: "é", count: 128)])
    }

    @Test func canonicallyEquivalentIdsAreOneProduct() throws {
        // "é" as e + combining acute first, then precomposed: one product, keyed in NFC.
        let file = try ingest("Date,SKU,Sales\n2024-01-01,cafe\u{301},1\n2024-01-01,caf\u{E9},2\n")
        #expect(file.totals.count == 1)
        #expect(file.totals.keys.map { Array($0.utf8) } == [Array("caf\u{E9}".utf8)])
        #expect(file.totals["caf\u{E9}"]?[day("2024-01-01")]?.sales == 3)
    }
}

/// The description of the error `text` is rejected with, or nil if it is accepted.
func rejection(_ text: String, options: IngestOptions = IngestOptions()) -> String? {
    rejection(Array(text.utf8), options: options)
}

func rejection(_ bytes: [UInt8], options: IngestOptions = IngestOptions()) -> String? {
    do {
        _ = try ERPFile.parse(bytes, name: "t.csv", options: options)
        return nil
    } catch {
        return error.description
    }
}
