import Foundation
import StockcastCore
import Testing

@testable import Ingest

/// Numbers in the file's own convention (issue 12, item 5) and within the ceiling (item 4).
@Suite struct ERPFileNumberTests {
    /// The sales of product A on 2024-01-01 (day-first dates in `;` files, ISO otherwise).
    static func sales(_ csv: String, options: IngestOptions = IngestOptions()) throws -> Double? {
        try ingest(csv, options: options).totals["A"]?[day("2024-01-01")]?.sales
    }

    // MARK: Decimal and thousands separators

    @Test(arguments: [
        // The delimiter's convention decides what nothing else does: ';' → decimal comma.
        ("Datum;Artikel;Menge\n01.01.2024;A;1.234\n", 1234.0),
        ("Datum;Artikel;Menge\n01.01.2024;A;1.234,00\n", 1234),
        ("Datum;Artikel;Menge\n01.01.2024;A;1.234.567\n", 1_234_567),
        ("Datum;Artikel;Menge\n01.01.2024;A;1 234\n", 1234),
        ("Datum;Artikel;Menge\n01.01.2024;A;1\u{A0}234,5\n", 1234.5),
        ("Datum;Artikel;Menge\n01.01.2024;A;1\u{202F}234\n", 1234),
        ("Datum;Artikel;Menge\n01.01.2024;A;12 345 678\n", 12_345_678),
        ("Datum;Artikel;Menge\n01.01.2024;A;1,234\n", 1.234),
        // ',' → decimal point (a comma only inside quotes).
        ("Date,SKU,Sales\n2024-01-01,A,\"1,234\"\n", 1234),
        ("Date,SKU,Sales\n2024-01-01,A,\"1,234.00\"\n", 1234),
        ("Date,SKU,Sales\n2024-01-01,A,1.234\n", 1.234),
        ("Date,SKU,Sales\n2024-01-01,A,\"1 234.5\"\n", 1234.5),
        // The file's own numbers beat the delimiter, before or after the ambiguous one.
        ("Datum;Artikel;Menge\n01.01.2024;A;12.5\n01.01.2024;A;1.234\n", 13.734),
        ("Datum;Artikel;Menge\n01.01.2024;A;1.234\n01.01.2024;A;12.5\n", 13.734),
        ("Datum;Artikel;Menge\n01.01.2024;A;1.234\n01.01.2024;A;1,234.5\n", 1235.734),
        ("Date,SKU,Sales\n2024-01-01,A,1.234\n2024-01-02,A,\"2,5\"\n", 1234),
        ("Date\tSKU\tQty\n2024-01-01\tA\t1.234\n2024-01-02\tA\t0,5\n", 1234),
        ("Date|SKU|Qty\n2024-01-01|A|1,234\n2024-01-02|A|1,234,567\n", 1234),
        // A leading zero, a fourth digit, fewer or more decimals, an exponent: not a grouping.
        ("Date\tSKU\tQty\n2024-01-01\tA\t0.125\n", 0.125),
        ("Date\tSKU\tQty\n2024-01-01\tA\t1234.567\n", 1234.567),
        ("Date\tSKU\tQty\n2024-01-01\tA\t1.2345\n", 1.2345),
        ("Date\tSKU\tQty\n2024-01-01\tA\t1.234e3\n", 1234),
    ])
    func numbersAreReadInTheFilesConvention(_ csv: String, _ expected: Double) throws {
        #expect(try Self.sales(csv) == expected)
    }

    @Test func theConfiguredDecimalSeparatorDecides() throws {
        let comma = IngestOptions(decimalSeparator: .comma)
        #expect(try Self.sales("Date,SKU,Sales\n2024-01-01,A,\"1.234\"\n", options: comma) == 1234)
        #expect(try Self.sales("Date\tSKU\tQty\n2024-01-01\tA\t1,234\n", options: comma) == 1.234)
        #expect(try Self.sales("Datum;Artikel;Menge\n01.01.2024;A;1.234\n", options: IngestOptions(decimalSeparator: .point)) == 1.234)
        #expect(
            rejection("Date,SKU,Sales\n2024-01-01,A,12.5\n", options: comma)
                == "t.csv line 2, column Sales: \"12.5\" is written with '.' as the decimal separator, but the configuration's decimalSeparator is ','; write all the numbers of a file with one decimal separator"
        )
    }

    @Test func whatStaysAmbiguousIsRejectedWithBothReadings() {
        #expect(
            rejection("Date\tSKU\tQty\n2024-01-01\tA\t5\n2024-01-02\tA\t-1.234\n2024-01-03\tA\t2,500\n")
                == "t.csv line 3, column Qty: \"-1.234\" could be 1234 ('.' grouping thousands) or 1.234 ('.' separating decimals), and nothing in this tab-separated file says which; write it without thousands separators or with its decimals (1234, 1.234,00 or 1,234.00), or set decimalSeparator in the configuration"
        )
        #expect(
            rejection("Date|SKU|Qty\n2024-01-01|A|1,000\n")?.hasPrefix(
                "t.csv line 2, column Qty: \"1,000\" could be 1000 (',' grouping thousands) or 1 (',' separating decimals)") == true)
    }

    @Test func aFileWithTwoDecimalSeparatorsIsRejected() {
        #expect(
            rejection("Datum;Artikel;Verkauf\n01.01.2024;A;2,5\n01.01.2024;A;3\n01.01.2024;A;1.5\n")
                == "t.csv line 4, column Verkauf: \"1.5\" is written with '.' as the decimal separator, but line 2 is written with ',' (\"2,5\"); write all the numbers of a file with one decimal separator"
        )
        #expect(
            rejection("Datum;Artikel;Verkauf\n01.01.2024;A;1.234,5\n01.01.2024;A;1,234.5\n")?.hasPrefix(
                "t.csv line 3, column Verkauf: \"1,234.5\" is written with '.'") == true)
        #expect(
            rejection("Datum;Artikel;Verkauf\n01.01.2024;A;1.234.567\n01.01.2024;A;0.5\n")?.hasPrefix(
                "t.csv line 3, column Verkauf: \"0.5\" is written with '.'") == true)
    }

    @Test(arguments: [
        "1.23.456", "12,34,567", "1 23", "1.234.5", "0.123.456", "1.234 567", "1,234 567.5", "1..234", "1 234e3",
        "1.234,5.6", ".", "-", "12 pcs", "1'234",
    ])
    func malformedGroupingIsNotANumber(_ text: String) {
        #expect(rejection("Date\tSKU\tQty\n2024-01-01\tA\t\(text)\n")?.contains("column Qty: \"\(text)\" is not a number") == true, "\(text)")
    }

    @Test func heldNumbersGiveTheSameResultForEveryChunkSize() throws {
        var csv = "\u{FEFF}Datum;Artikel;Menge\r\n"
        for d in 1...28 { csv += "\(d).02.2024;\(d % 3 == 0 ? "\"B\"" : "A");\(d % 2 == 0 ? "1.\(100 + d)" : "-2.0\(10 + d)")\r\n" }
        csv += "29.02.2024;A;7,5\r\n"
        let bytes = Array(csv.utf8)
        let whole = try ERPFile.parse(bytes, name: "t.csv", options: IngestOptions(), chunkSize: Int.max)
        #expect(whole.totals["A"]?[day("2024-02-02")] == DailyCell(sales: 1102, returns: 0))
        #expect(whole.totals["A"]?[day("2024-02-01")] == DailyCell(sales: 0, returns: 2011))
        #expect(whole.totals["A"]?[day("2024-02-29")] == DailyCell(sales: 7.5, returns: 0))
        for size in [1, 2, 3, 5, 7, 64] {
            let parsed = try ERPFile.parse(bytes, name: "t.csv", options: IngestOptions(), chunkSize: size)
            #expect(parsed.totals == whole.totals && parsed.dialect == whole.dialect, "chunk size \(size)")
        }
    }

    // MARK: The ceiling

    @Test(arguments: [
        (
            "Date,SKU,Sales\n2024-01-01,A,1e19\n",
            "t.csv line 2, column Sales: 1e19 is more than 1000000000 units, the most one row may carry: a mistyped or placeholder number? Correct it in the export (larger quantities need maxQuantity in the configuration)"
        ),
        (
            "Date,SKU,Returns\n2024-01-01,A,5\n2024-01-02,A,1e30\n",
            "t.csv line 3, column Returns: 1e30 is more than 1000000000 units, the most one row may carry: a mistyped or placeholder number? Correct it in the export (larger quantities need maxQuantity in the configuration)"
        ),
        (
            "Datum;Artikel;Menge\n01.01.2024;A;-1.000.000.001\n",
            "t.csv line 2, column Menge: -1.000.000.001 is more than 1000000000 units, the most one row may carry: a mistyped or placeholder number? Correct it in the export (larger quantities need maxQuantity in the configuration)"
        ),
        (
            "Date,SKU,Sales\n2024-01-01,A,600000000\n2024-01-02,A,600000000\n2024-01-01,A,400000000.5\n",
            "t.csv line 4, column Sales: the sales of \"A\" on 2024-01-01 add up to 1000000000.5 units with this row, more than 1000000000, the most one product may have on one day: a mistyped number, or an export that repeats its rows? (larger quantities need maxQuantity in the configuration)"
        ),
        (
            "Date,SKU,Qty\n2024-01-01,A,-6e8\n2024-01-01,A,-6e8\n",
            "t.csv line 3, column Qty: the returns of \"A\" on 2024-01-01 add up to 1200000000 units with this row, more than 1000000000, the most one product may have on one day: a mistyped number, or an export that repeats its rows? (larger quantities need maxQuantity in the configuration)"
        ),
    ])
    func aQuantityAboveTheCeilingIsRejectedWithLineAndColumn(_ csv: String, _ message: String) {
        #expect(rejection(csv) == message)
    }

    @Test func theCeilingItselfIsAcceptedAndTheCeilingIsConfigurable() throws {
        #expect(try Self.sales("Date,SKU,Sales,Returns\n2024-01-01,A,1000000000,1e9\n") == 1e9)
        let small = IngestOptions(maxQuantity: 1000)
        #expect(rejection("Date,SKU,Sales\n2024-01-01,A,1001\n", options: small)?.hasPrefix("t.csv line 2, column Sales: 1001 is more than 1000 units") == true)
        #expect(try Self.sales("Date,SKU,Sales\n2024-01-01,A,1e300\n", options: IngestOptions(maxQuantity: nil)) == 1e300)
        // A held number checked when it is read: 1234 ('.' groups thousands in a ';' file) is too many.
        #expect(
            rejection("Datum;Artikel;Menge\n01.01.2024;A;5\n02.01.2024;A;1.234\n", options: small)?
                .hasPrefix("t.csv line 3, column Menge: 1.234 is more than 1000 units") == true)
        #expect(try Self.sales("Date,SKU,Sales\n2024-01-01,A,1.234\n", options: small) == 1.234, "',' file: 1.234 units")
        // Held numbers adding up beyond the ceiling: the day is named, no single line is to blame.
        #expect(
            rejection("Datum;Artikel;Menge\n01.01.2024;A;600\n01.01.2024;A;1.000\n", options: small)
                == "t.csv, column Menge: the sales of \"A\" on 2024-01-01 add up to 1600 units, more than 1000, the most one product may have on one day: a mistyped number, or an export that repeats its rows? (larger quantities need maxQuantity in the configuration)"
        )
    }
}
