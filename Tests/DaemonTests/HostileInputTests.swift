import Foundation
import Ingest
import Reports
import StockcastCore
import Store
import Testing

@testable import Daemon

#if canImport(Glibc)
import Glibc
#endif

/// Hostile and broken input through the daemon's own loop (`DaemonService` with `once`, no
/// watcher): each file gives correct results or a clear rejection, the next file is served, and
/// nothing is written outside `inbox/`, `outbox/` and `models/`.
@Suite struct HostileInputTests {
    /// A pipeline whose directories sit three levels down in a sandbox, so that a path escaping
    /// them (`../../x` from `outbox/products/<id>/`) would land inside the sandbox and be found.
    struct Sandbox {
        let root: String
        let base: String
        var settings: DaemonSettings

        init(_ adjust: (inout DaemonSettings) -> Void = { _ in }) throws {
            var (s, dir) = try testSettings()
            root = dir
            base = dir + "/x/y/z"
            s.inbox = base + "/inbox"
            s.outbox = base + "/outbox"
            s.models = base + "/models"
            // No LSTM unless a test wants one: baselines forecast in a moment.
            s.model.minimumExtraDays = 100_000
            adjust(&s)
            settings = s
            try FileManager.default.createDirectory(atPath: s.inbox, withIntermediateDirectories: true)
        }

        var inbox: String { settings.inbox }
        var outbox: String { settings.outbox }

        func remove() { try? FileManager.default.removeItem(atPath: root) }

        /// Runs the daemon's loop once over the inbox (claim, ingest, train, publish).
        func runOnce() async throws {
            let pipeline = try Pipeline(settings: settings, logger: quietLogger)
            try await DaemonService(pipeline: pipeline, logger: quietLogger, once: true).run()
        }

        func database() throws -> StockcastDatabase { try StockcastDatabase(path: settings.databasePath) }

        /// Writes a file whose name is given as bytes (which need not be UTF-8).
        func drop(_ content: String, nameBytes: [UInt8]) throws {
            let path = Array(inbox.utf8) + [UInt8(ascii: "/")] + nameBytes
            let fd = Inbox.withCString(path) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
            #expect(fd >= 0)
            let bytes = Array(content.utf8)
            #expect(bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) } == bytes.count)
            close(fd)
        }

        func drop(_ content: String, as name: String) throws { try drop(content, nameBytes: Array(name.utf8)) }

        /// Every path under the sandbox (names as text) that is not inside the three directories.
        func strayPaths() -> [String] {
            var stray: [String] = []
            func walk(_ path: [UInt8], _ shown: String) {
                guard let dir = Inbox.withCString(path, { opendir($0) }) else { return }
                defer { closedir(dir) }
                while let entry = readdir(dir) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
                    if name == [0x2E] || name == [0x2E, 0x2E] { continue }
                    let child = path + [0x2F] + name, childShown = shown + "/" + Inbox.displayName(name)
                    let inside = ["inbox", "outbox", "models"].contains { childShown == base + "/" + $0 || childShown.hasPrefix(base + "/" + $0 + "/") }
                    if !inside && ![root + "/x", root + "/x/y", base].contains(childShown) { stray.append(childShown) }
                    if entry.pointee.d_type == UInt8(DT_DIR) { walk(child, childShown) }
                }
            }
            walk(Array(root.utf8), root)
            return stray
        }

        func json(_ relative: String) -> [String: Any]? {
            guard let data = FileManager.default.contents(atPath: outbox + "/" + relative) else { return nil }
            return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        }

        func visibleFiles(_ folder: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: inbox + "/" + folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        }
    }

    static let header = "Date,Product_ID,Sales,Returns\n"

    /// `days` rows for `product` (a CSV field, quoted as needed) from 2024-03-01.
    static func rows(_ product: String, days: Int, from first: Int = 0, sales: (Int) -> Int = { 10 + abs($0) % 7 }) -> String {
        (first..<(first + days)).map { d in "\(Day(iso: "2024-03-01")!.advanced(by: d)),\(product),\(sales(d)),\(abs(d) % 3)\n" }.joined()
    }

    static func quotedCSV(_ field: String) -> String { "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    @Test func productIdsThatLookLikePathsOrMarkupAreStoredAsGivenAndPublishedInsideTheOutbox() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        let ids = [
            "../../etc/passwd", "a/b", ".", "..", "../../../..", "%2E", "<script>alert(1)</script>", "a,b", "say \"hi\"",
            "Bücher & Co", String(repeating: "x", count: 256), "日本語 商品",
        ]
        try box.drop(Self.header + ids.map { Self.rows(Self.quotedCSV($0), days: 5) }.joined(), as: "ids.csv")
        try await box.runOnce()

        #expect(box.visibleFiles("archive") == ["ids.csv"])
        let db = try box.database()
        #expect(Set(try db.products()) == Set(ids), "stored as given")
        for id in ids {
            let dir = box.outbox + "/products/" + SafeFileName.encode(id)
            let report = try #require(box.json("products/" + SafeFileName.encode(id) + "/report.json"), "\(id)")
            #expect(report["product"] as? String == id)
            for file in ["forecast.csv", "sales.svg", "returns.svg", "inventory.svg", "data.js"] {
                #expect(FileManager.default.fileExists(atPath: dir + "/" + file), "\(id) \(file)")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.outbox + "/products").count == ids.count)
        let page = try String(contentsOfFile: box.outbox + "/index.html", encoding: .utf8)
        #expect(!page.contains("<script>alert(1)"), "markup in an id is escaped in the dashboard")
        let svg = try String(contentsOfFile: box.outbox + "/products/" + SafeFileName.encode(ids[6]) + "/sales.svg", encoding: .utf8)
        #expect(!svg.contains("<script>"), "and in the charts")
        let summary = try String(contentsOfFile: box.outbox + "/summary.csv", encoding: .utf8)
        #expect(summary.contains("\n\"a,b\",") && summary.contains("\n\"say \"\"hi\"\"\","), "quoted as RFC 4180 fields")
        #expect(box.strayPaths() == [])
    }

    @Test func badProductIdsRejectTheirFileWithLineColumnAndReasonAndTheNextFileIsServed() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        let long = String(repeating: "L", count: 10_000)
        let cases: [(file: String, body: String, line: Int, reason: String)] = [
            ("empty.csv", Self.rows("A", days: 2) + Self.rows("", days: 1), 4, "is empty; every row needs a product id"),
            (
                "long.csv", Self.rows("A", days: 1) + Self.rows(long, days: 1), 3,
                "\"\(String(repeating: "L", count: 40))…\" is 10000 bytes long; a product id may have at most 256 bytes (UTF-8)"
            ),
            (
                "nul.csv", Self.rows("\"nul\u{0}byte\"", days: 1), 2,
                "contains the control character U+0000; a product id must be printable text"
            ),
            (
                "newline.csv", Self.rows("A", days: 2) + Self.rows("\"two\nlines\"", days: 1), 4,
                "contains the control character U+000A; a product id must be printable text"
            ),
        ]
        for c in cases { try box.drop(Self.header + c.body, as: c.file) }
        try box.drop(Self.header + Self.rows("GOOD", days: 3), as: "zz-next.csv")
        try await box.runOnce()

        #expect(box.visibleFiles("rejected") == cases.map(\.file).sorted())
        #expect(box.visibleFiles("archive") == ["zz-next.csv"])
        for c in cases {
            let error = try #require(box.json("errors/\(c.file).json"), "\(c.file)")
            #expect(error["line"] as? Int == c.line && error["column"] as? String == "Product_ID", "\(c.file): \(error)")
            #expect(error["reason"] as? String == c.reason, "\(c.file)")
        }
        #expect(try box.database().products() == ["GOOD"], "nothing of a rejected file reached the history")
        #expect(FileManager.default.fileExists(atPath: box.outbox + "/products/GOOD/forecast.csv"))
        #expect(box.strayPaths() == [])
    }

    @Test func fileNamesWithSpacesLineBreaksAndBytesThatAreNotUTF8AreTakenArchivedAndReported() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        let names: [[UInt8]] = [
            Array("with space.csv".utf8),
            Array("new\nline.csv".utf8),
            Array("cr\r\nlf.csv".utf8),
            Array("tab\tand\u{1B}escape.csv".utf8),
            Array("caf".utf8) + [0xE9] + Array(".csv".utf8),  // Latin-1 é
            [0xFF, 0xFE] + Array("x.csv".utf8),  // never UTF-8
            Array("ünïcödé.csv".utf8),
        ]
        for (i, name) in names.enumerated() { try box.drop(Self.header + Self.rows("P\(i)", days: 3), nameBytes: name) }
        let badName = Array("bad".utf8) + [0xE9] + Array(".csv".utf8)
        try box.drop(Self.header + "2024-03-01,P9,-1,0\n", nameBytes: badName)
        try await box.runOnce()

        let shown = names.map(Inbox.displayName)
        #expect(shown[4] == "caf%E9.csv" && shown[5] == "%FF%FEx.csv" && shown[6] == "ünïcödé.csv")
        #expect(box.visibleFiles("archive") == shown.sorted(), "every file taken and kept, under its name as text")
        #expect(box.visibleFiles("rejected") == ["bad%E9.csv"])
        #expect(Inbox(root: box.inbox).candidates().isEmpty && box.visibleFiles("") == ["archive", "rejected"])
        let error = try #require(box.json("errors/" + SafeFileName.encode("bad%E9.csv") + ".json"))
        #expect(error["line"] as? Int == 2 && error["column"] as? String == "Sales" && error["file"] as? String == "bad%E9.csv")
        let db = try box.database()
        #expect(try db.fileCounts() == [.accepted: names.count, .rejected: 1])
        #expect(try db.products().count == names.count)
        #expect(box.strayPaths() == [])
    }

    @Test func datesFarInThePastOrFutureAreRejectedAndGapsOfMonthsAreDaysOfZero() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        let tooLate = Timestamp.now().day.advanced(by: DaemonSettings.latestDaysAhead + 30)
        let cases: [(file: String, date: String, reason: String)] = [
            ("year-one.csv", "0001-01-01", "\"0001-01-01\" is before 1990-01-01, the earliest day accepted"),
            ("placeholder.csv", "1900-01-01", "\"1900-01-01\" is before 1990-01-01, the earliest day accepted"),
            ("epoch.csv", "01.01.1970", "\"01.01.1970\" is before 1990-01-01, the earliest day accepted"),
            ("far-future.csv", "9999-12-31", "\"9999-12-31\" is after "),
            ("eleven-years-on.csv", tooLate.description, "\"\(tooLate)\" is after "),
        ]
        for c in cases { try box.drop(Self.header + Self.rows("A", days: 3) + "\(c.date),A,1,0\n", as: c.file) }
        // A year ahead is accepted (test and synthetic data run ahead of the calendar).
        try box.drop(Self.header + "\(Timestamp.now().day.advanced(by: 365)),AHEAD,1,0\n", as: "zz-ahead.csv")
        // Ten days in January, ten in June: the months between are days without sales or returns.
        let gap = Self.header + Self.rows("G", days: 10, from: -60) + Self.rows("G", days: 10, from: 92)
        try box.drop(gap, as: "zz-gap.csv")
        try await box.runOnce()

        #expect(box.visibleFiles("rejected") == cases.map(\.file).sorted())
        #expect(box.visibleFiles("archive") == ["zz-ahead.csv", "zz-gap.csv"])
        for c in cases {
            let error = try #require(box.json("errors/\(c.file).json"), "\(c.file)")
            #expect(error["line"] as? Int == 5 && error["column"] as? String == "Date")
            #expect((error["reason"] as? String ?? "").hasPrefix(c.reason), "\(c.file): \(error["reason"] ?? "")")
        }
        let history = try #require(try box.database().history(product: "G"))
        #expect(history.start == Day(iso: "2024-01-01") && history.end == Day(iso: "2024-06-10"))
        #expect(history.count == 162 && history.sales[10..<152].allSatisfy { $0 == 0 } && history.returns[10..<152].allSatisfy { $0 == 0 })
        let forecast = try String(contentsOfFile: box.outbox + "/products/G/forecast.csv", encoding: .utf8).split(separator: "\n")
        #expect(forecast.count == 31 && forecast[1].hasPrefix("2024-06-11,"))
        #expect(box.strayPaths() == [])
    }

    @Test func aSalesColumnOfZerosAndAProductSeenOnceGiveFiniteForecasts() async throws {
        // Enough history for an LSTM (30 days with these settings): the zeros are trained on.
        let box = try Sandbox { $0.model.minimumExtraDays = 10 }
        defer { box.remove() }
        let zeros = Self.rows("ZERO", days: 60, sales: { _ in 0 })
        let allZero = (0..<60).map { "\(Day(iso: "2024-03-01")!.advanced(by: $0)),NOTHING,0,0\n" }.joined()
        let once = "2024-04-29,ONCE,7,1\n"
        try box.drop(Self.header + zeros + allZero + once + Self.rows("NORMAL", days: 60), as: "odd.csv")
        try await box.runOnce()

        #expect(box.visibleFiles("archive") == ["odd.csv"])
        for product in ["ZERO", "NOTHING", "ONCE", "NORMAL"] {
            let report = try #require(box.json("products/\(product)/report.json"), "\(product): valid JSON (no NaN)")
            #expect(report["product"] as? String == product)
            let lines = try String(contentsOfFile: box.outbox + "/products/\(product)/forecast.csv", encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 31)
            let values = lines.dropFirst().flatMap { $0.split(separator: ",").dropFirst().map { Double($0) } }
            #expect(values.allSatisfy { $0 != nil && $0!.isFinite }, "\(product): \(lines.prefix(2))")
        }
        func column(_ product: String, _ index: Int) throws -> [Double] {
            try String(contentsOfFile: box.outbox + "/products/\(product)/forecast.csv", encoding: .utf8).split(separator: "\n")
                .dropFirst().map { Double($0.split(separator: ",")[index])! }
        }
        #expect(try column("ZERO", 1).allSatisfy { $0 == 0 }, "never sold: forecast 0")
        #expect(try column("NOTHING", 1).allSatisfy { $0 == 0 } && column("NOTHING", 2).allSatisfy { $0 == 0 })
        #expect(try column("ONCE", 1).allSatisfy { $0 >= 0 })
        #expect(try box.database().history(product: "ONCE")?.count == 1)
        let status = try #require(box.json("status.json"))
        #expect(status["products"] as? Int == 4)
        #expect(box.strayPaths() == [])
    }

    @Test func aFileWithMoreProductsThanTheLimitIsRejectedAndSoIsOneThatWouldGrowTheHistoryBeyondIt() async throws {
        let box = try Sandbox { $0.maxProducts = 50 }
        defer { box.remove() }
        let products = (0..<300).map { "P\($0)" }
        try box.drop(Self.header + products.map { Self.rows($0, days: 1) }.joined(), as: "a-catalogue.csv")
        try box.drop(Self.header + products[0..<30].map { Self.rows($0, days: 2) }.joined(), as: "b-thirty.csv")
        try await box.runOnce()
        let first = try #require(box.json("errors/a-catalogue.csv.json"))
        #expect(first["line"] as? Int == 52 && first["column"] as? String == "Product_ID")
        #expect(
            first["reason"] as? String
                == "\"P50\" would be product number 51 of this file; Stockcast plans at most 50 products (maxProducts in the configuration)")
        #expect(box.visibleFiles("archive") == ["b-thirty.csv"])

        // 30 new ones would make 60.
        try box.drop(Self.header + products[30..<60].map { Self.rows($0, days: 2, from: 2) }.joined(), as: "c-sixty.csv")
        try box.drop(Self.header + products[0..<30].map { Self.rows($0, days: 2, from: 4) }.joined(), as: "d-known.csv")
        try await box.runOnce()
        let second = try #require(box.json("errors/c-sixty.csv.json"))
        #expect(
            second["reason"] as? String
                == "brings 30 new products to the 30 of the history: 60 in all, and Stockcast plans at most 50 (maxProducts in the configuration)")
        #expect(box.visibleFiles("archive") == ["b-thirty.csv", "d-known.csv"])
        #expect(box.visibleFiles("rejected") == ["a-catalogue.csv", "c-sixty.csv"])
        #expect(try box.database().products().count == 30)
        #expect(try box.database().history(product: "P0")?.count == 6)
        #expect(box.strayPaths() == [])
    }

    @Test func aPublicationThatKeepsFailingEndsARunOnceWithAnErrorInsteadOfRetryingForever() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        // A file where the products directory should be: every product file fails to be written.
        try FileManager.default.createDirectory(atPath: box.outbox, withIntermediateDirectories: true)
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: box.outbox + "/products"))
        try box.drop(Self.header + Self.rows("A", days: 3), as: "a.csv")
        let error = await #expect(throws: DaemonError.self) { try await box.runOnce() }
        #expect(error?.description.hasPrefix("publication failed: ") == true, "\(String(describing: error))")
        #expect(box.visibleFiles("archive") == ["a.csv"], "the file was taken all the same")
        let status = try #require(box.json("status.json"))
        let message = (status["last_error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.hasPrefix("publication failed: ") && message.contains("products/A"), "\(message)")
    }

    @Test func theDaemonsIngestOptionsAllowTenYearsAheadAndTheConfiguredEarliestDay() {
        var settings = DaemonSettings()
        let today = Day(iso: "2025-06-15")!
        #expect(settings.ingestOptions(today: today).latestDay == Day(iso: "2035-06-16"))
        #expect(settings.ingestOptions(today: today).earliestDay == Day(iso: "1990-01-01"))
        #expect(settings.ingestOptions(today: today).maxProducts == 10_000)
        settings.earliestDate = "1950-01-01"
        #expect(settings.ingestOptions(today: today).earliestDay == Day(iso: "1950-01-01"))
        settings.earliestDate = "1950"
        #expect(settings.problem == "earliestDate 1950 (a day written YYYY-MM-DD)")
    }
}
