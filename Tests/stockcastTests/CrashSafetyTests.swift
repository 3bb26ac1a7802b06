import Crypto
import Forecasting
import Foundation
import GRDB
import Neural
import StockcastCore
import Testing

/// Crash safety of the real daemon: `stockcast run` is started, fed files and killed with SIGKILL
/// over and over, and after every restart what it keeps must be exactly what the files say.
///
/// Method. One daemon directory lives through the whole test. Each cycle (1) starts the daemon,
/// (2) waits until it has finished what the last kill interrupted (every dropped file recorded
/// and moved, no series or product waiting, status.json idle) and checks everything (below),
/// (3) drops a batch of files — daily files for products A, B and later C (each makes their
/// models fine-tune or train), sometimes a bulk re-export of 1,000 earlier days in 6 lines per
/// cell (long to parse and long to store), a sales-only correction in the German dialect, a
/// duplicate of an earlier file (under a new name or its old one), a file that must be rejected
/// — some renamed into the inbox, some written in place — and (4) kills it with SIGKILL. The
/// moment is drawn from a seeded generator (the seed is printed; `STOCKCAST_CRASH_SEED=<seed>`
/// draws the same batches and moments again, as far as the machine's timing allows): the cycle
/// aims at a phase — parse, database transaction, training, outbox publishing — by waiting for
/// the debug log line that opens that phase and then a random fraction of the phase's duration
/// as last measured from the daemon's own timings, or kills blind at a random delay after the
/// drop. After the kill, the invariants that hold at any instant are checked (no file lost or
/// copied across inbox, `.work`, archive and rejected; at most one ledger row per file; every
/// model file readable; no partial outbox file). At the end a clean daemon settles everything and
/// the full check runs once more; it stops on SIGTERM with status 0.
///
/// Where a kill landed is read from the killed daemon's log, not guessed from the delay: the
/// daemon writes each log line with one unbuffered `write(2)` before it starts the work the line
/// names, so the last such line in the log is the phase it died in: "reading file" (parse),
/// "storing file" (the transaction; the ledger, read afterwards, confirms that the file's row was
/// not committed — if it was, the kill fell between the commit and the move), "training series" or
/// "training progress" (training; "series maintained" too until every series of the pass is
/// recorded, then forecasting), "writing outbox" (publishing, up to "run published"). The counts per
/// phase are printed.
///
/// The full check: every dropped file is in `inbox/archive/` (accepted, duplicate) or
/// `inbox/rejected/` exactly once, by SHA-256 (names may gain `.1`); nothing is left in the inbox
/// or `.work`; the ledger (read-only SQLite) has one row per dropped file with its hash and the
/// right status, one accepted row per content; `stockcast history` equals the history built here by
/// applying the accepted files' cells once each, in the ledger's order; status.json's counts
/// match; each rejected file has its `errors/<file>.json` and its `FileRejected` alert; every
/// `models/**/*.safetensors` decodes (header length, JSON header, tensor sizes) into a model;
/// every outbox file is whole (JSON parses, CSV lines complete with the header's column count,
/// SVG and HTML end with their closing tags) and no hidden temporary file is left behind.
@Suite(.serialized) struct CrashSafetyTests {
    /// The end-to-end tests' small, quick model; debug lines mark the phases.
    static let config = DaemonEndToEndTests.config

    // MARK: - The crash harness

    @Test func aDaemonKilledAtRandomMomentsLosesNoFileAppliesNoneTwiceAndLeavesNothingPartial() async throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["STOCKCAST_CRASH_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...999_999)
        let kills = environment["STOCKCAST_CRASH_KILLS"].flatMap { Int($0) } ?? 50
        print("crash harness: seed \(seed), \(kills) kills (rerun with STOCKCAST_CRASH_SEED=\(seed))")
        let harness = try Harness(seed: seed)
        defer { harness.removeUnlessFailed() }

        let aims: [Aim] = [.parse, .transaction, .training, .publishing, .blind]
        var cycle = 0
        func runCycle(aim: Aim, extraDelay: Bool) async throws {
            let life = try harness.start()
            try await harness.settle(life, "restart \(cycle)")
            try harness.fullCheck("after restart \(cycle)")
            let phase = try await harness.dropAndKill(life, cycle: cycle, aim: aim, fractionOfPhase: extraDelay)
            try harness.quickCheck("after kill \(cycle) (aimed at \(aim), landed in \(phase.rawValue))")
            cycle += 1
        }
        for i in 0..<kills {
            // The first cycle loads the history (and trains the first models); then the seeded
            // generator picks the aims.
            let aim = i == 0 ? Aim.training : aims[Int.random(in: 0..<aims.count, using: &harness.random)]
            try await runCycle(aim: aim, extraDelay: true)
        }
        // A phase that no kill happened to land in (an unusually fast or slow machine) is aimed at
        // again, killing as soon as it starts.
        for phase in [Phase.parse, .transaction, .training, .publishing] {
            var extra = 0
            while harness.landed[phase, default: 0] == 0 && extra < 5 {
                try await runCycle(aim: Aim(phase), extraDelay: false)
                extra += 1
            }
        }

        let last = try harness.start()
        try await harness.settle(last, "final run")
        try harness.fullCheck("after the final run")
        #expect(last.stop(SIGTERM) == 0, "SIGTERM ends the settled daemon cleanly")
        harness.errorLines += last.lines.filter { $0["level"] == "error" }.map { $0["msg"] ?? "" }
        harness.finished = true

        let landed = Phase.allCases.map { "\($0.rawValue) \(harness.landed[$0, default: 0])" }.joined(separator: ", ")
        print("crash harness: seed \(seed), \(harness.killCount) kills in \(cycle) cycles, \(harness.drops.count) files: \(landed)")
        #expect(harness.killCount >= kills, "CI runs the default, 50")
        for phase in [Phase.parse, .transaction, .training, .publishing] {
            #expect(harness.landed[phase, default: 0] >= 1, "a kill landed during \(phase.rawValue) (seed \(seed))")
        }
        #expect(harness.errorLines.isEmpty, "the daemon logged no error: \(harness.errorLines.prefix(5))")
    }

    // MARK: - A torn model file

    /// Model files are written under a temporary name, flushed and renamed, so a crash leaves the
    /// old model or the new one. If a model file is damaged all the same (a disk fault, a person),
    /// the daemon does not use it: when the product's history changes it sets the file aside as
    /// `<series>.damaged-1.safetensors`, says so in the log, and trains the series afresh.
    @Test func aTruncatedCurrentModelIsSetAsideAndTheSeriesTrainedAfresh() throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.config.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        try DaemonEndToEndTests.csv(days: 60).write(toFile: dir + "/history.csv", atomically: true, encoding: .utf8)
        let first = try CommandLineTests.run(["import", "history.csv"], in: dir)
        #expect(first.status == 0, "\(first.errors)")
        let models = dir + "/models/P1"
        let current = models + "/sales.safetensors"
        let trained = try Self.model(at: current)
        #expect(trained.metadata.version == 1)

        // Torn in the middle of its tensors.
        let bytes = try #require(FileManager.default.contents(atPath: current))
        let torn = bytes.prefix(bytes.count * 2 / 3)
        try torn.write(to: URL(fileURLWithPath: current))
        #expect(throws: ModelFileError.self) { try Safetensors.decode([UInt8](torn), source: current) }

        try DaemonEndToEndTests.csv(days: 1, from: 60).write(toFile: dir + "/day61.csv", atomically: true, encoding: .utf8)
        let next = try CommandLineTests.run(["import", "day61.csv"], in: dir)
        #expect(next.status == 0, "\(next.errors)")
        #expect(next.errors.contains("P1 sales is trained afresh"), "\(next.errors)")
        #expect(next.errors.contains("unreadable model kept as models/P1/sales.damaged-1.safetensors"))
        #expect(FileManager.default.contents(atPath: models + "/sales.damaged-1.safetensors") == torn, "the damaged file kept as it was")
        let retrained = try Self.model(at: current)
        #expect(retrained.metadata.trainedThrough == Day(iso: "2024-03-01")!, "trained on the history including the new day")
        let report = try #require(DaemonEndToEndTests.json(dir + "/outbox/products/P1/report.json"))
        let sales = try #require((report["models"] as? [String: [String: Any]])?["sales"])
        #expect((sales["decision"] as? String)?.hasPrefix("initial training") == true, "\(sales)")
        // The returns model was readable and is fine-tuned from its weights as usual.
        let returns = try #require((report["models"] as? [String: [String: Any]])?["returns"])
        #expect((returns["decision"] as? String)?.hasPrefix("fine-tune") == true, "\(returns)")
    }

    static func model(at path: String) throws -> SeriesModel {
        try SeriesModel(file: Safetensors.read(path: path), source: path)
    }
}

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

    // MARK: Checks

    /// What holds at any instant, even just after a kill.
    func quickCheck(_ when: String) throws {
        // Every dropped file is somewhere, once: nothing lost, nothing copied.
        var found: [String: Int] = [:]
        for dir in [inbox, inbox + "/.work", inbox + "/archive", inbox + "/rejected"] {
            for name in Self.files(dir) { found[try Self.sha256(file: dir + "/" + name), default: 0] += 1 }
        }
        let dropped = Dictionary(drops.map { ($0.sha256, 1) }, uniquingKeysWith: +)
        if found != dropped {
            throw fail("\(when): the files on disk are not the files dropped: \(found.count) contents found, \(dropped.count) dropped; "
                       + "missing \(dropped.filter { found[$0.key] != $0.value }.map { $0.key.prefix(8) })")
        }
        let ledger = try Ledger.read(models + "/stockcast.sqlite")
        var rows: [String: Int] = [:]
        for f in ledger.files { rows[f.name + " " + f.sha256, default: 0] += 1 }
        let expected = Dictionary(drops.map { ($0.name + " " + $0.sha256, 1) }, uniquingKeysWith: +)
        for (key, n) in rows where n > expected[key] ?? 0 {
            throw fail("\(when): \(n) ledger rows for \(key), \(expected[key] ?? 0) dropped")
        }
        for f in ledger.files where f.settled {
            let path = inbox + "/" + f.destination
            guard FileManager.default.fileExists(atPath: path), try Self.sha256(file: path) == f.sha256 else {
                throw fail("\(when): ledger row \(f.id) (\(f.name)) is settled but \(f.destination) does not hold its bytes")
            }
        }
        try checkModels(when)
        try checkOutbox(when, allowHidden: true)
    }

    /// Everything, once the daemon has settled.
    func fullCheck(_ when: String) throws {
        try quickCheck(when)
        guard Self.files(inbox).isEmpty, Self.files(inbox + "/.work").isEmpty else { throw fail("\(when): files left in the inbox") }
        let ledger = try Ledger.read(models + "/stockcast.sqlite")
        guard ledger.files.count == drops.count else {
            throw fail("\(when): \(ledger.files.count) ledger rows for \(drops.count) dropped files")
        }
        // Which content is good, and how often it was dropped.
        let good = Dictionary(drops.filter { !$0.isBad }.map { ($0.sha256, $0) }, uniquingKeysWith: { a, _ in a })
        for (sha, drop) in good {
            let statuses = ledger.files.filter { $0.sha256 == sha }.map(\.status).sorted()
            let copies = drops.filter { $0.sha256 == sha }.count
            guard statuses == ["accepted"] + Array(repeating: "duplicate", count: copies - 1) else {
                throw fail("\(when): \(drop.name) dropped \(copies)× has ledger statuses \(statuses)")
            }
        }
        for f in ledger.files {
            let bad = good[f.sha256] == nil
            guard f.settled, f.destination.hasPrefix(bad ? "rejected/" : "archive/"), (f.status == "rejected") == bad else {
                throw fail("\(when): ledger row \(f.id) \(f.name): \(f.status), \(f.destination), settled \(f.settled)")
            }
        }
        let archived = Self.files(inbox + "/archive").count, rejected = Self.files(inbox + "/rejected").count
        guard archived == drops.filter({ !$0.isBad }).count, rejected == drops.filter(\.isBad).count else {
            throw fail("\(when): \(archived) archived, \(rejected) rejected")
        }

        // The history: each accepted file applied once, in the ledger's order.
        var table: [String: [Int: (sales: Double, returns: Double)]] = [:]
        for f in ledger.files where f.status == "accepted" {
            for c in good[f.sha256]!.cells {
                var v = table[c.product, default: [:]][c.day.daysSince1970] ?? (0, 0)
                if let s = c.sales { v.sales = s }
                if let r = c.returns { v.returns = r }
                table[c.product, default: [:]][c.day.daysSince1970] = v
            }
        }
        var expected = "Date,Product_ID,Sales,Returns\n"
        for product in table.keys.sorted() {
            let days = table[product]!
            for d in days.keys.min()!...days.keys.max()! {
                let v = days[d] ?? (0, 0)
                expected += "\(Day(daysSince1970: d)),\(product),\(Int(v.sales)),\(Int(v.returns))\n"
            }
        }
        let history = try CommandLineTests.run(["history"], in: daemon)
        guard history.status == 0, history.output == expected else {
            let got = history.output.split(separator: "\n"), want = expected.split(separator: "\n")
            let first = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
            throw fail("\(when): the history is not each accepted file applied once: \(got.count) lines for \(want.count); "
                       + "first difference at line \(first + 1): \(got.dropFirst(first).first ?? "end") ≠ \(want.dropFirst(first).first ?? "end") \(history.errors)")
        }

        let counts = Self.json(outbox + "/status.json")?["files"] as? [String: Int]
        let wanted = ["seen": drops.count, "accepted": good.count, "duplicate": drops.count - good.count - drops.filter(\.isBad).count,
                      "rejected": drops.filter(\.isBad).count]
        guard counts == wanted else { throw fail("\(when): status.json counts \(counts ?? [:]), expected \(wanted)") }

        // Each rejection explained, and its alert raised (bad files have names of their own, so
        // nothing resolves their alerts).
        let active = Self.json(outbox + "/alerts/active.json")?["alerts"] as? [[String: Any]] ?? []
        let alerted = Set(active.compactMap { a -> String? in
            guard let labels = a["labels"] as? [String: String], labels["alertname"] == "FileRejected" else { return nil }
            return labels["file"]
        })
        for drop in drops where drop.isBad {
            guard Self.json(outbox + "/errors/\(drop.name).json") != nil else { throw fail("\(when): no errors/\(drop.name).json") }
            guard alerted.contains(drop.name) else {
                throw fail("\(when): no FileRejected alert for \(drop.name); active: \(alerted.sorted())")
            }
        }
        try checkOutbox(when, allowHidden: false)
    }

    /// Every model file decodes into a model; none was set aside as damaged.
    func checkModels(_ when: String) throws {
        for path in Self.walk(models) where path.hasSuffix(".safetensors") {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(".") { continue }
            guard !name.contains("damaged") else { throw fail("\(when): a model was damaged: \(path)") }
            do {
                _ = try CrashSafetyTests.model(at: path)
            } catch {
                throw fail("\(when): model file \(path) does not read: \(error)")
            }
        }
    }

    /// Every outbox file is whole; hidden temporary files only where `allowHidden`.
    func checkOutbox(_ when: String, allowHidden: Bool) throws {
        for path in Self.walk(outbox) + Self.walk(models) {
            let name = (path as NSString).lastPathComponent
            if name.hasPrefix(".") {
                // The outbox's space reserve (Outbox.reserve) is meant to stay.
                if allowHidden || name.hasPrefix("stockcast.sqlite") || path == outbox + "/.reserve" { continue }
                throw fail("\(when): temporary file left behind: \(path)")
            }
            guard path.hasPrefix(outbox) else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let text = String(decoding: data, as: UTF8.self)
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch (name as NSString).pathExtension {
            case "json":
                guard (try? JSONSerialization.jsonObject(with: data)) != nil else { throw fail("\(when): \(path) is not whole JSON") }
            case "csv":
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                guard text.hasSuffix("\n"), lines.count >= 2 else { throw fail("\(when): \(path) does not end with a whole line") }
                let columns = Self.fieldCount(lines[0])
                for (i, line) in lines.dropLast().enumerated() where Self.fieldCount(line) != columns {
                    throw fail("\(when): \(path) line \(i + 1) has \(Self.fieldCount(line)) fields, the header \(columns)")
                }
            case "svg":
                guard trimmed.hasSuffix("</svg>") else { throw fail("\(when): \(path) does not end with </svg>") }
            case "html":
                guard trimmed.hasSuffix("</html>") else { throw fail("\(when): \(path) does not end with </html>") }
            default:
                throw fail("\(when): unexpected outbox file \(path)")
            }
        }
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
    /// Series waiting for maintenance plus products waiting for publication.
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
            let waiting = try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM series_state WHERE pending = 1) + (SELECT COUNT(*) FROM publish)") ?? 0
            return Ledger(files: files, waiting: waiting)
        }
    }
}
