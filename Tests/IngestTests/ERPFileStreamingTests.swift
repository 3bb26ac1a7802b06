import Foundation
import StockcastCore
import StockcastTesting
import Testing

@testable import Ingest

@Suite struct ERPFileStreamingTests {
    /// Writes `bytes` to a new temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        try Scratch.file("ingest", suffix: ".csv", bytes: bytes)
    }

    /// A file of several MiB whose rows are known, with quoted fields (an id with doubled
    /// quotes and a delimiter; a note with a line break) straddling the 1 MiB and 2 MiB chunk
    /// boundaries.
    static func bigFile() -> (bytes: [UInt8], expected: [String: [Day: DailyCell]], rows: Int, straddling: [Range<Int>]) {
        var out = Array("\u{FEFF}Date,Product_ID,Note,Sales,Returns\r\n".utf8)
        var expected: [String: [Day: DailyCell]] = [:]
        var rows = 0
        var straddling: [Range<Int>] = []
        let start = Day(iso: "2023-01-01") ?? Day(daysSince1970: 0)
        func add(_ day: Day, _ product: String, quotedProduct: String? = nil, note: String, _ sales: Int, _ returns: Int) -> Range<Int> {
            let prefix = "\(day),"
            let field = quotedProduct ?? product
            out.append(contentsOf: prefix.utf8)
            let fieldStart = out.count
            out.append(contentsOf: field.utf8)
            let fieldEnd = out.count
            out.append(contentsOf: ",\(note),\(sales),\(returns)\r\n".utf8)
            expected[product, default: [:]][day, default: DailyCell()].sales += Double(sales)
            expected[product, default: [:]][day, default: DailyCell()].returns += Double(returns)
            rows += 1
            return fieldStart..<fieldEnd
        }
        var n = 0
        for boundary in [1 << 20, 2 << 20] {
            while out.count < boundary - 40 {
                _ = add(start.advanced(by: n % 700), "P\(n % 37)", note: n % 5 == 0 ? "\"a, \"\"b\"\"\"" : "x", n % 90, n % 7)
                n += 1
            }
            if boundary == 1 << 20 {
                straddling.append(
                    add(
                        start.advanced(by: 3), "Big \"Q\" item, blue/ÄÖÜ",
                        quotedProduct: "\"Big \"\"Q\"\" item, blue/ÄÖÜ\"", note: "n", 4, 1))
            } else {
                let note = "\"" + String(repeating: "long note, ", count: 4) + "\r\nsecond line \"\" ü\""
                let noteStart = out.count + "2023-01-05,P1,".utf8.count
                _ = add(start.advanced(by: 4), "P1", note: note, 6, 2)
                straddling.append(noteStart..<(noteStart + note.utf8.count))
            }
        }
        while out.count < 3 << 20 + 12345 {
            _ = add(start.advanced(by: n % 700), "Ü\(n % 11)", note: "", n % 13, 0)
            n += 1
        }
        return (out, expected, rows, straddling)
    }

    @Test func aFileLargerThanTheChunkSizeIsReadWholeAcrossChunkBoundaries() throws {
        let big = Self.bigFile()
        for range in big.straddling {
            try #require(range.contains(1 << 20) || range.contains(2 << 20), "the fixture must straddle a chunk boundary")
        }
        let path = try Self.temporaryFile(big.bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try ERPFile.read(path: path)
        #expect(file.rows == big.rows)
        #expect(file.totals == big.expected)
        #expect(file.totals["Big \"Q\" item, blue/ÄÖÜ"] == [day("2023-01-04"): DailyCell(sales: 4, returns: 1)])
        #expect(file.dialect == "','-separated, CRLF, BOM, quoted fields, ISO dates, sales and returns")
    }

    /// A small file with every feature that can be cut by a chunk boundary.
    static let tricky = Array(
        ("\u{FEFF}\r\n\"Datum\";Artikel;\"Menge\";Notiz\r\n"
            + "01.02.2024;\"Öl; \"\"extra\"\"\";-2,5;\"zwei\r\nZeilen\"\r\n"
            + "\r\n"
            + "2024-02-01T10:00:00+01:00;\"Öl; \"\"extra\"\"\";3;\"\"\r\n"
            + "2.2.2024 ;  Würfel 🎲  ;1e1;x\r\n"
            + "02.02.2024;Würfel 🎲;\"-0,5\";\"\"\"\"").utf8)

    @Test func everyChunkSizeGivesTheSameResult() throws {
        let input = Self.tricky
        let whole = try ERPFile.parse(input, name: "t.csv", options: IngestOptions(), chunkSize: Int.max)
        #expect(whole.rows == 4)
        #expect(
            whole.totals == [
                "Öl; \"extra\"": [day("2024-02-01"): DailyCell(sales: 3, returns: 2.5)],
                "Würfel 🎲": [day("2024-02-02"): DailyCell(sales: 10, returns: 0.5)],
            ])
        #expect(whole.dialect == "';'-separated, CRLF, BOM, quoted fields, ISO and day-first dates (times dropped), signed quantity, decimal comma")
        let path = try Self.temporaryFile(input)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for size in [1, 2, 3, 4, 5, 7, 13, 64] {
            let parsed = try ERPFile.parse(input, name: "t.csv", options: IngestOptions(), chunkSize: size)
            let read = try ERPFile.read(path: path, options: IngestOptions(), chunkSize: size)
            for file in [parsed, read] {
                #expect(file.totals == whole.totals, "chunk size \(size)")
                #expect(file.rows == whole.rows && file.dialect == whole.dialect && file.measures == whole.measures, "chunk size \(size)")
            }
        }
    }

    @Test func errorsNameTheSameLineWhateverTheChunkSize() throws {
        let body = "Date,Product_ID,Note,Sales\n2024-01-01,Ä,\"x\ny\",1\n2024-01-02,Ä,,2\n"
        let cases: [([UInt8], String)] = [
            (Array((body + "2024-01-03,B,\"a\nb\",-1\n").utf8), "t.csv line 5, column Sales: -1 is negative; quantities must be 0 or more"),
            (
                Array(body.utf8) + [0xE2, 0x82, 0x0A],
                "t.csv line 5: is not UTF-8 text: byte 0xE2 on this line is not valid UTF-8 (perhaps Latin-1 or Windows-1252); export the file as UTF-8"
            ),
            (
                Array((body + "2024-01-03,\"B,1\n").utf8),
                "t.csv line 5, column Product_ID: a quoted field starting on this line is not closed by the end of the file; close the quote, or double a quote inside the field (\"\")"
            ),
        ]
        for (bytes, message) in cases {
            for size in [1, 2, 3, 5, 1 << 20] {
                #expect(throws: IngestError.self) { try ERPFile.parse(bytes, name: "t.csv", options: IngestOptions(), chunkSize: size) }
                do {
                    _ = try ERPFile.parse(bytes, name: "t.csv", options: IngestOptions(), chunkSize: size)
                } catch {
                    #expect(error.description == message, "chunk size \(size)")
                }
            }
        }
    }

    @Test func anUnclosedQuoteInABigFileStopsAfterOneMebibyteInsteadOfBufferingTheRest() throws {
        var bytes = Array("Date,Product_ID,Sales\n2024-01-01,\"A,1\n".utf8)
        let row = Array("2024-01-01,A,1\n".utf8)
        while bytes.count < 4 << 20 { bytes += row }
        let path = try Self.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: IngestError.self) { try ERPFile.read(path: path) }
        #expect(
            error?.description
                == "\(URL(fileURLWithPath: path).lastPathComponent) line 2: is longer than 1 MiB (1048576 bytes); is this a CSV file with one row per line, and is every quote closed?"
        )
    }

    @Test func theSeedDataReadsAsFiveProductsOf730Days() throws {
        // A copy of ../shared/data/seed_synthetic.csv.
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/seed_synthetic.csv").path
        let histories = try SeedFormat.read(path: path)
        #expect(histories.map(\.product) == ["P001", "P002", "P003", "P004", "P005"])
        #expect(histories.allSatisfy { $0.count == 730 && $0.start == Day(iso: "2023-01-01") })
        #expect(histories[0].sales.prefix(2) == [75, 98])
        #expect(histories[0].returns.prefix(2) == [11, 5])
    }
}

@Suite struct ERPFileRobustnessTests {
    /// The outcome of a parse, comparable across chunk sizes.
    static func outcome(_ bytes: [UInt8], chunkSize: Int) -> String {
        do {
            let file = try ERPFile.parse(bytes, name: "f.csv", options: IngestOptions(dateFormat: "d/M/yyyy"), chunkSize: chunkSize)
            let cells = file.totals.sorted { $0.key < $1.key }.map { product, days in
                product + ":" + days.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.sales)/\($0.value.returns)" }.joined(separator: ",")
            }
            return "ok \(file.rows) \(file.dialect) \(file.measures.sorted { $0.rawValue < $1.rawValue }) " + cells.joined(separator: ";")
        } catch {
            return "error " + error.description
        }
    }

    @Test func arbitraryBytesNeverCrashAndGiveTheSameOutcomeForEveryChunkSize() {
        // Bytes that matter to the parser, mixed at random after a plausible header.
        let alphabet: [[UInt8]] =
            [",", ";", "\"", "\"\"", "\n", "\r\n", "\r", " ", "\t", "1", "2", "9", "-", ".", "e", "A", "é", "2024-01-0", "31.12.2023", "1/2/2024", "T10:00"]
            .map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0x00]]
        let headers = ["Date,SKU,Sales,Returns\n", "Datum;Artikel;Menge\r\n", "\u{FEFF}\"Date\"|\"Item\"|\"Qty\"\n", "day\tsku\treturns\n"]
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33) % bound
        }
        var accepted = 0
        for round in 0..<1500 {
            var bytes = Array(headers[round % headers.count].utf8)
            for _ in 0..<next(60) { bytes += alphabet[next(alphabet.count)] }
            // Some well-formed rows too, so that acceptance is exercised.
            if round % 3 == 0 {
                let delimiter = [",", ";", "|", "\t"][round % headers.count]
                bytes = Array(headers[round % headers.count].utf8)
                for _ in 0..<next(6) {
                    let fields =
                        round % headers.count == 0
                        ? ["2024-01-0\(1 + next(9))", "A\(next(3))", "\(next(20))", "\(next(5))"]
                        : ["\(1 + next(28)).2.2024", "\"B\(next(3))\"", "\(next(20) - 5)"]
                    bytes += Array((fields.joined(separator: delimiter) + (next(2) == 0 ? "\n" : "\r\n")).utf8)
                }
            }
            let whole = Self.outcome(bytes, chunkSize: Int.max)
            if whole.hasPrefix("ok") { accepted += 1 }
            for size in [1, 2, 3, 7] {
                #expect(Self.outcome(bytes, chunkSize: size) == whole, "round \(round), chunk size \(size)")
            }
        }
        #expect(accepted > 300)
    }
}
