import Crypto
import Forecasting
import Foundation
import GRDB
import Neural
import StockcastCore
import Testing

// MARK: - Phases and aims

/// Where a kill landed, read from the killed daemon's log (see the suite's comment).
enum Phase: String, CaseIterable {
    case parse
    case transaction
    /// After the file's transaction committed, before it reached its destination.
    case commitToMove = "commit-to-move"
    case training
    case forecast
    case publishing
    /// Starting, recovering, between files, or idle.
    case between = "between steps"
}

/// Which phase a cycle aims its kill at.
enum Aim: String {
    case parse, transaction, training, publishing, blind

    init(_ phase: Phase) {
        switch phase {
        case .parse: self = .parse
        case .transaction, .commitToMove: self = .transaction
        case .training, .forecast: self = .training
        case .publishing: self = .publishing
        case .between: self = .blind
        }
    }
}

// MARK: - The harness

/// A file the test drops, and the cells it sets when it is applied.
struct Drop {
    struct Cell {
        var product: String
        var day: Day
        var sales: Double?
        var returns: Double?
    }

    var name: String
    var bytes: [UInt8]
    var sha256: String
    var isBad: Bool
    var cells: [Cell]

    init(name: String, text: String, isBad: Bool = false, cells: [Cell] = []) {
        self.name = name
        bytes = Array(text.utf8)
        sha256 = Harness.sha256(bytes)
        self.isBad = isBad
        self.cells = cells
    }
}

/// One run of the daemon, its log in a file of its own.
final class Life {
    let process = Process()
    let logPath: String

    init(directory: String, number: Int) throws {
        logPath = directory + "/logs/life-\(number).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = CommandLineTests.binary
        process.arguments = ["run", "--log-level", "debug"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory + "/daemon")
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
    }

    /// Sends `signal` and waits for the exit; returns the exit status (the signal when killed).
    @discardableResult
    func stop(_ signal: Int32) -> Int32 {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The log's lines as key-value pairs (logfmt).
    var lines: [[String: String]] { log.split(separator: "\n").map { Harness.logfmt($0) } }
}

/// The daemon's directory, the files dropped into it, and the checks.
final class Harness {
    let seed: UInt64
    var random: SeededGenerator
    let root: String
    let daemon: String
    var inbox: String { daemon + "/inbox" }
    var outbox: String { daemon + "/outbox" }
    var models: String { daemon + "/models" }
    var drops: [Drop] = []
    var lives = 0
    var killCount = 0
    var landed: [Phase: Int] = [:]
    var errorLines: [String] = []
    private var failed = false
    /// Set when the test has run to its end.
    var finished = false
    /// The daemon started last.
    private var current: Life?

    /// The first day of the daily files; bulk re-exports cover the 1,000 days before it.
    static let dayZero = Day(iso: "2024-01-01")!
    static let bulkDays = 1000
    /// Lines per product and day in a bulk re-export (they are summed).
    static let bulkLinesPerCell = 6
    /// The next day of the daily files, and the first day on which C sells.
    var nextDay = 0
    var firstDayOfC: Int?
    /// The latest durations the daemon logged, in ms (estimates until it has logged them).
    var parseMS = 100.0, storeMS = 100.0, trainMS = 300.0, outboxMS = 30.0

    init(seed: UInt64) throws {
        self.seed = seed
        random = SeededGenerator(seed: seed)
        root = try CommandLineTests.temporaryDirectory()
        daemon = root + "/daemon"
        for d in [daemon, root + "/logs", root + "/staging"] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        try CrashSafetyTests.config.write(toFile: daemon + "/stockcast.json", atomically: true, encoding: .utf8)
    }

    /// Kills a daemon still running (a check failed), and removes the directory unless the test
    /// stopped early or a check failed.
    func removeUnlessFailed() {
        if let life = current, life.process.isRunning { life.stop(SIGKILL) }
        if failed || !finished {
            print("crash harness: directory and daemon logs kept at \(root)")
        } else {
            try? FileManager.default.removeItem(atPath: root)
        }
    }

    /// A check failed: records the issue, keeps the directory and stops the test.
    func fail(_ message: String, _ life: Life? = nil) -> some Error {
        failed = true
        let tail = life.map { "\nlog of life \(lives):\n" + String($0.log.suffix(3000)) } ?? ""
        Issue.record("seed \(seed): \(message)\(tail)")
        return HarnessFailure(description: message)
    }

    struct HarnessFailure: Error, CustomStringConvertible { var description: String }

    func start() throws -> Life {
        lives += 1
        let life = try Life(directory: root, number: lives)
        current = life
        return life
    }

    // MARK: Settling

    /// Waits until the daemon has done everything the drops call for; fails after a minute.
    func settle(_ life: Life, _ when: String) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if !life.process.isRunning { throw fail("\(when): the daemon exited with \(life.process.terminationStatus)", life) }
            if try isSettled() {
                noteTimings(life)
                return
            }
            try await Task.sleep(for: .milliseconds(40))
        }
        throw fail("\(when): not settled after 60 s; inbox \(Self.files(inbox)), work \(Self.files(inbox + "/.work"))", life)
    }

    func isSettled() throws -> Bool {
        guard Self.files(inbox).isEmpty, Self.files(inbox + "/.work").isEmpty,
              let status = Self.json(outbox + "/status.json"), status["state"] as? String == "idle",
              (status["files"] as? [String: Int])?["seen"] == drops.count, status["queue"] as? Int == 0,
              FileManager.default.fileExists(atPath: models + "/stockcast.sqlite") else { return false }
        let state = try Ledger.read(models + "/stockcast.sqlite")
        return state.files.count == drops.count && state.files.allSatisfy(\.settled) && state.waiting == 0
    }

    /// Takes the durations of the phases from the daemon's log, to aim the next kills.
    func noteTimings(_ life: Life) {
        for line in life.lines {
            if line["msg"] == "file accepted", line["file"]?.contains("bulk") == true {
                parseMS = line["parse_ms"].flatMap(Double.init) ?? parseMS
                storeMS = line["store_ms"].flatMap(Double.init) ?? storeMS
            }
            if line["msg"] == "run published", line["series_maintained"] != "0" {
                trainMS = line["train_ms"].flatMap(Double.init) ?? trainMS
                outboxMS = line["outbox_write_ms"].flatMap(Double.init) ?? outboxMS
            }
        }
    }

    // MARK: Dropping and killing

    /// Drops a batch of files and kills the daemon as `aim` says; returns where the kill landed.
    func dropAndKill(_ life: Life, cycle: Int, aim: Aim, fractionOfPhase: Bool) async throws -> Phase {
        let batch = makeBatch(cycle: cycle, bulk: aim == .parse || aim == .transaction || Int.random(in: 0..<6, using: &random) == 0)
        let bulkName = batch.first { $0.name.contains("bulk") }?.name
        let before = life.log.utf8.count
        let fraction = fractionOfPhase ? Double.random(in: 0..<0.9, using: &random) : 0
        let blindDelay = Double.random(in: 0..<2500, using: &random)
        for drop in batch {
            // Most are written elsewhere and renamed in (taken at once); some are written in place
            // (taken once they have held still for the settle time).
            if Int.random(in: 0..<4, using: &random) == 0 {
                try Data(drop.bytes).write(to: URL(fileURLWithPath: inbox + "/" + drop.name))
            } else {
                try Data(drop.bytes).write(to: URL(fileURLWithPath: root + "/staging/" + drop.name))
                guard rename(root + "/staging/" + drop.name, inbox + "/" + drop.name) == 0 else {
                    throw fail("cannot rename \(drop.name) into the inbox: errno \(errno)")
                }
            }
            drops.append(drop)
        }

        func waitFor(_ message: String, file: String? = nil) async -> Bool {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline && life.process.isRunning {
                let log = life.log
                let fresh = log.utf8.count > before ? String(log.utf8.dropFirst(before))! : ""
                if fresh.split(separator: "\n").contains(where: { line in
                    let l = Harness.logfmt(line)
                    return l["msg"] == message && (file == nil || l["file"] == file)
                }) { return true }
                try? await Task.sleep(for: .milliseconds(1))
            }
            return false
        }
        var delay: Double
        switch aim {
        case .parse:
            _ = await waitFor("reading file", file: bulkName)
            delay = fraction * parseMS
        case .transaction:
            _ = await waitFor("storing file", file: bulkName)
            delay = fraction * storeMS
        case .training:
            _ = await waitFor("training series")
            delay = fraction * trainMS
        case .publishing:
            _ = await waitFor("writing outbox")
            delay = fraction * outboxMS
        case .blind:
            delay = blindDelay
        }
        if delay >= 1 { try await Task.sleep(for: .microseconds(Int(delay * 1000))) }
        guard life.process.isRunning else { throw fail("the daemon exited by itself with \(life.process.terminationStatus)", life) }
        let status = life.stop(SIGKILL)
        guard status == SIGKILL else { throw fail("the daemon ended with \(status), not by the kill", life) }
        killCount += 1
        let phase = try phaseOfDeath(life)
        landed[phase, default: 0] += 1
        print(String(format: "crash harness: kill %d aimed at %@ + %.0f ms, landed in %@", killCount, aim.rawValue, delay, phase.rawValue))
        return phase
    }

    /// The phase the daemon died in: the last phase-opening line of its log (see the suite's comment).
    func phaseOfDeath(_ life: Life) throws -> Phase {
        var phase = Phase.between
        var workName: String?
        var seriesInPass = 0, maintained = 0
        for line in life.lines {
            if line["level"] == "error" { errorLines.append(line["msg"] ?? "") }
            switch line["msg"] {
            case "reading file": phase = .parse
            case "storing file":
                phase = .transaction
                workName = line["work_name"]
            case "training series":
                phase = .training
                seriesInPass = Int(line["series"] ?? "") ?? 0
                maintained = 0
            case "training progress": phase = .training
            case "series maintained":
                maintained += 1
                phase = maintained < seriesInPass ? .training : .forecast
            case "writing outbox": phase = .publishing
            case "file accepted", "file duplicate", "file rejected", "recovered file", "run published", "stockcast started":
                phase = .between
            default: break
            }
        }
        if phase == .transaction, let workName, try Ledger.read(models + "/stockcast.sqlite").files.contains(where: { $0.workName == workName }) {
            phase = .commitToMove
        }
        return phase
    }

    // MARK: The files

    /// Values of product `p` on day `d` (inside the range the models were trained on).
    func dayCell(_ p: String, _ d: Int) -> Drop.Cell {
        let base = ["A": 40, "B": 60, "C": 25][p]!
        return Drop.Cell(product: p, day: Self.dayZero.advanced(by: d),
                         sales: Double(base + (d % 7 + 7) % 7 * 4 + Int.random(in: 0...6, using: &random)),
                         returns: Double(Int.random(in: 0...3, using: &random)))
    }

    static func seedFormat(_ cells: [Drop.Cell], linesPerCell: Int = 1) -> String {
        var out = "Date,Product_ID,Sales,Returns\n"
        for c in cells {
            let s = Int(c.sales!), r = Int(c.returns!)
            for i in 0..<linesPerCell {
                // The cell split into lines that sum to it: the first takes the remainders.
                let ls = s / linesPerCell + (i == 0 ? s % linesPerCell : 0)
                let lr = r / linesPerCell + (i == 0 ? r % linesPerCell : 0)
                out += "\(c.day),\(c.product),\(ls),\(lr)\n"
            }
        }
        return out
    }

    /// A batch: daily files (the first cycle: 60 days of history), and by chance a bulk re-export, a
    /// sales-only correction, a duplicate, a bad file.
    func makeBatch(cycle: Int, bulk: Bool) -> [Drop] {
        let tag = String(format: "c%03d", cycle)
        var batch: [Drop] = []
        if cycle == 0 {
            let cells = (0..<60).flatMap { d in ["A", "B"].map { dayCell($0, d) } }
            batch.append(Drop(name: "\(tag)-history.csv", text: Self.seedFormat(cells), cells: cells))
            nextDay = 60
        }
        if cycle == 8 { firstDayOfC = nextDay }
        for i in 0..<Int.random(in: 1...3, using: &random) {
            let products = firstDayOfC == nil ? ["A", "B"] : ["A", "B", "C"]
            let cells = products.map { dayCell($0, nextDay) }
            batch.append(Drop(name: "\(tag)-day\(nextDay)-\(i).csv", text: Self.seedFormat(cells), cells: cells))
            nextDay += 1
        }
        if bulk {
            // An ERP re-export of 1,000 earlier days of A and B, as transaction lines.
            let cells = (-Self.bulkDays..<0).flatMap { d in ["A", "B"].map { dayCell($0, d) } }
            batch.insert(Drop(name: "\(tag)-bulk.csv", text: Self.seedFormat(cells, linesPerCell: Self.bulkLinesPerCell), cells: cells),
                         at: 0)
        }
        if Int.random(in: 0..<4, using: &random) == 0 {
            // Sales corrected for a few recent days, German dialect, day-first dates.
            var text = "Datum;Artikel;Verkauf\n"
            var cells: [Drop.Cell] = []
            for d in Set((0..<3).map { _ in nextDay - Int.random(in: 1...20, using: &random) }).sorted() {
                var c = dayCell("A", d)
                c.returns = nil
                let iso = c.day.description
                text += "\(iso.suffix(2)).\(iso.dropFirst(5).prefix(2)).\(iso.prefix(4));A;\(Int(c.sales!))\n"
                cells.append(c)
            }
            batch.append(Drop(name: "\(tag)-correction.csv", text: text, cells: cells))
        }
        let earlier = drops.filter { !$0.isBad && !$0.name.contains("bulk") }
        if !earlier.isEmpty, Int.random(in: 0..<3, using: &random) == 0 {
            // The same bytes again: under its old name (archived as name.1.csv …) or a new one.
            let original = earlier[Int.random(in: 0..<earlier.count, using: &random)]
            let name = Bool.random(using: &random) ? original.name : "\(tag)-again-\(original.name)"
            var again = original
            again.name = name
            batch.append(again)
        }
        if Int.random(in: 0..<3, using: &random) == 0 {
            let bad = [
                "Date,Product_ID,Sales,Returns\n\(Self.dayZero.advanced(by: nextDay)),A,12,1\n\(Self.dayZero.advanced(by: nextDay)),B,zwölf,1\n",
                "Date,Product_ID,Sales,Returns\n2024-02-30,A,12,1\n",
                "Date,Product_ID,Sales,Returns\n\(Self.dayZero.advanced(by: nextDay)),A,-3,1\n",
                "Date,Product_ID,Sales,Returns\n",
            ][Int.random(in: 0..<4, using: &random)]
            batch.append(Drop(name: "\(tag)-bad.csv", text: bad, isBad: true))
        }
        return batch
    }

    // MARK: Helpers

    /// The fields of a CSV line (RFC 4180 quotes).
    static func fieldCount(_ line: Substring) -> Int {
        var count = 1, quoted = false
        for c in line {
            if c == "\"" { quoted.toggle() } else if c == ",", !quoted { count += 1 }
        }
        return count
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func sha256(file path: String) throws -> String {
        sha256([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Visible regular files of a directory.
    static func files(_ path: String) -> [String] { DaemonEndToEndTests.files(path) }

    static func json(_ path: String) -> [String: Any]? { DaemonEndToEndTests.json(path) }

    /// Every regular file under `path`, hidden ones included.
    static func walk(_ path: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: path) else { return [] }
        var out: [String] = []
        while let relative = e.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                out.append(path + "/" + relative)
            }
        }
        return out
    }

    /// One logfmt line as key-value pairs.
    static func logfmt(_ line: Substring) -> [String: String] {
        var out: [String: String] = [:]
        var i = line.startIndex
        while i < line.endIndex {
            while i < line.endIndex, line[i] == " " { i = line.index(after: i) }
            guard let eq = line[i...].firstIndex(of: "=") else { break }
            let key = String(line[i..<eq])
            var j = line.index(after: eq)
            var value = ""
            if j < line.endIndex, line[j] == "\"" {
                j = line.index(after: j)
                while j < line.endIndex, line[j] != "\"" {
                    if line[j] == "\\", line.index(after: j) < line.endIndex { j = line.index(after: j) }
                    value.append(line[j])
                    j = line.index(after: j)
                }
                if j < line.endIndex { j = line.index(after: j) }
            } else {
                while j < line.endIndex, line[j] != " " {
                    value.append(line[j])
                    j = line.index(after: j)
                }
            }
            out[key] = value
            i = j
        }
        return out
    }
}

/// The daemon's database, read-only: the file ledger and whether work is waiting.
struct Ledger {
    struct File {
        var id: Int64
        var name: String
        var workName: String
        var sha256: String
        var status: String
        var destination: String
        var settled: Bool
    }

    var files: [File]
    /// Series waiting for maintenance, products waiting for publication, and files recorded since
    /// the last publication (their alerts, such as `FileRejected`, are still to be published).
    var waiting: Int

    static func read(_ path: String) throws -> Ledger {
        guard FileManager.default.fileExists(atPath: path) else { return Ledger(files: [], waiting: 0) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in
            let files = try Row.fetchAll(db, sql: "SELECT id, name, work_name, sha256, status, destination, settled FROM file ORDER BY id").map {
                File(id: $0["id"], name: $0["name"], workName: $0["work_name"], sha256: $0["sha256"], status: $0["status"],
                     destination: $0["destination"], settled: ($0["settled"] as Int) != 0)
            }
            let waiting = try Int.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM series_state WHERE pending = 1) + (SELECT COUNT(*) FROM publish)
                     + (SELECT COUNT(*) FROM file WHERE id > COALESCE((SELECT value FROM counter WHERE name = 'files_published'), 0))
                """) ?? 0
            return Ledger(files: files, waiting: waiting)
        }
    }
}
