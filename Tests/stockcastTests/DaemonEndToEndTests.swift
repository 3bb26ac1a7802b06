import Forecasting
import Foundation
import StockcastCore
import StockcastTesting
import Testing

/// The real daemon binary on temporary directories, fed the way an ERP feeds it.
@Suite(.serialized) struct DaemonEndToEndTests {
    /// A small, quick model and a short settle time (configuration file, as a user would).
    static let config = """
        {"settleSeconds": 0.3, "rescanSeconds": 5,
         "training": {"sequenceLength": 7, "outputDays": 7, "salesLevelDays": 14, "returnsLevelDays": 7, "epochs": 3, "minimumExtraDays": 10},
         "fineTuning": {"epochs": 2, "recentDays": 10, "replayWindows": 8, "validationDays": 3}}
        """

    final class Daemon {
        let process = Process()
        let logPath: String

        init(directory: String, arguments: [String] = [], environment: [String: String] = [:]) throws {
            // The log goes to a file: a pipe nobody reads would fill and stall the daemon.
            logPath = directory + "/daemon.log"
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            process.executableURL = CommandLineTests.binary
            process.arguments = ["run"] + arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            if !environment.isEmpty {
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
            }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle(forWritingAtPath: logPath)
            try process.run()
        }

        /// Sends `signal` and waits for the exit; returns the exit status.
        func stop(_ signal: Int32 = SIGTERM) -> Int32 {
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            return process.terminationStatus
        }

        var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
    }

    /// Polls `condition` every 50 ms for up to `seconds`.
    static func eventually(_ seconds: Double = 60, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    static func json(_ path: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    /// The visible files (not folders) in a directory.
    static func files(_ path: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    /// `days` days of the products from `first` days after 2024-01-01, seed format.
    static func csv(days: Int, from first: Int = 0, products: [String] = ["P1", "P2"]) -> String {
        SeedCSV.text(days: days, from: first, products: products) { d, i in (40 + 10 * i + (d % 7) * 4, d % 4) }
    }

    @Test func filesDroppedAsAnERPDropsThemEndUpInTheOutboxArchiveAndHistory() async throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.config.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        let inbox = dir + "/inbox", outbox = dir + "/outbox"
        let daemon = try Daemon(directory: dir)
        #expect(await Self.eventually { Self.json(outbox + "/status.json")?["state"] as? String == "idle" }, "started")

        // Copied in place (written, closed, taken after the settle time).
        try Self.csv(days: 30).write(toFile: inbox + "/history.csv", atomically: false, encoding: .utf8)
        // Written under a hidden name, then renamed.
        try Self.csv(days: 1, from: 30).write(toFile: inbox + "/.day31.part", atomically: false, encoding: .utf8)
        try FileManager.default.moveItem(atPath: inbox + "/.day31.part", toPath: inbox + "/day31.csv")
        #expect(await Self.eventually { Self.files(inbox + "/archive") == ["day31.csv", "history.csv"] })

        // Several at once, a duplicate of an earlier file and a bad file.
        for d in 31..<36 {
            try Self.csv(days: 1, from: d).write(toFile: inbox + "/day\(d + 1).csv", atomically: true, encoding: .utf8)
        }
        try Self.csv(days: 1, from: 30).write(toFile: inbox + "/day31-again.csv", atomically: true, encoding: .utf8)
        try "Date;Artikel;Menge\n01.03.2024;P1;zwei\n".write(toFile: inbox + "/broken.csv", atomically: true, encoding: .utf8)
        let settled = await Self.eventually {
            Self.files(inbox).isEmpty && Self.files(inbox + "/archive").count == 8 && Self.files(inbox + "/rejected") == ["broken.csv"]
                && (Self.json(outbox + "/status.json")?["files"] as? [String: Int])?["seen"] == 9
                && Self.json(outbox + "/status.json")?["state"] as? String == "idle"
        }
        #expect(settled, "\(Self.files(inbox)) \(Self.files(inbox + "/archive")) \(daemon.log.suffix(2000))")
        #expect(daemon.stop() == 0, "SIGTERM ends the daemon cleanly")

        let status = try #require(Self.json(outbox + "/status.json"))
        #expect(status["files"] as? [String: Int] == ["seen": 9, "accepted": 7, "duplicate": 1, "rejected": 1])
        #expect(status["state"] as? String == "stopped" && status["queue"] as? Int == 0)
        let error = try #require(Self.json(outbox + "/errors/broken.csv.json"))
        #expect(error["line"] as? Int == 2 && error["column"] as? String == "Menge")
        let active = try #require(Self.json(outbox + "/alerts/active.json"))
        let alerts = active["alerts"] as! [[String: Any]]
        #expect(alerts.contains { ($0["labels"] as? [String: String])?["alertname"] == "FileRejected" })
        for product in ["P1", "P2"] {
            let forecast = try String(contentsOfFile: outbox + "/products/\(product)/forecast.csv", encoding: .utf8)
            #expect(forecast.split(separator: "\n").count == 31)
            #expect(forecast.split(separator: "\n")[1].hasPrefix("2024-02-06,"), "the plan starts the day after the last file")
            let report = try #require(Self.json(outbox + "/products/\(product)/report.json"))
            let sales = try #require((report["models"] as? [String: [String: Any]])?["sales"])
            #expect(ForecastMethod(rawValue: sales["source"] as? String ?? "") != nil)
            #expect((sales["selection"] as? String ?? "").contains("validation origins"), "why that method serves")
            let header = forecast.split(separator: "\n")[0]
            #expect(header.hasSuffix(",sales_lo80,sales_hi80,sales_lo95,sales_hi95,returns_lo80,returns_hi80,returns_lo95,returns_hi95"))
            let cells = forecast.split(separator: "\n")[1].split(separator: ",").compactMap { Double($0) }
            #expect(cells.count == 12 && cells[4] <= cells[0] && cells[0] <= cells[5], "the 80 % interval holds the forecast")
            #expect(cells[6] <= cells[4] && cells[7] >= cells[5], "the 95 % interval holds the 80 %")
            // Trained on the history (v1), tuned at most once for day 31 and once for the burst.
            #expect((sales["version"] as? Int ?? 99) <= 3, "the burst of five daily files tuned each model once")
            #expect(((report["accuracy"] as? [String: [String: Any]])?["sales"]?["days_scored"] as? Int ?? 0) >= 1)
        }
        // The history holds each day once, the duplicate applied nothing.
        let history = try CommandLineTests.run(["history", "--product", "P1"], in: dir)
        #expect(history.status == 0)
        #expect(history.output == Self.csv(days: 36, products: ["P1"]))
    }

    @Test func aDaemonKilledInTheMiddleOfAFileFinishesItOnRestartWithNothingLostOrDoubled() async throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // 20 products × 4000 days, too short a window requirement to train (fallback forecasts):
        // big enough that reading and storing it takes a moment.
        try """
        {"settleSeconds": 0.2, "training": {"minimumExtraDays": 100000}}
        """.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        let products = (1...20).map { "X\($0)" }
        let big = Self.csv(days: 4000, products: products)
        let inbox = dir + "/inbox"
        let daemon = try Daemon(directory: dir)
        #expect(await Self.eventually { Self.json(dir + "/outbox/status.json") != nil })
        try big.write(toFile: dir + "/big.tmp", atomically: false, encoding: .utf8)
        try FileManager.default.moveItem(atPath: dir + "/big.tmp", toPath: inbox + "/big.csv")
        // Kill as soon as the file is claimed (or, if the machine is fast, whenever it gets there).
        _ = await Self.eventually(20) { !Self.files(inbox + "/.work").isEmpty || !Self.files(inbox + "/archive").isEmpty }
        #expect(daemon.stop(SIGKILL) == SIGKILL)
        let interrupted = !Self.files(inbox + "/.work").isEmpty

        let restart = try CommandLineTests.run(["run", "--once"], in: dir)
        #expect(restart.status == 0, "\(restart.errors.suffix(1500))")
        #expect(Self.files(inbox + "/archive") == ["big.csv"] && Self.files(inbox + "/.work").isEmpty && Self.files(inbox).isEmpty)
        if interrupted { #expect(restart.errors.contains("recovered file") || restart.errors.contains("file accepted")) }
        let status = try #require(Self.json(dir + "/outbox/status.json"))
        #expect(status["files"] as? [String: Int] == ["seen": 1, "accepted": 1, "duplicate": 0, "rejected": 0])
        let history = try CommandLineTests.run(["history"], in: dir)
        let expected = Self.csv(days: 4000, products: products).split(separator: "\n").dropFirst().sorted { a, b in
            let pa = a.split(separator: ",")[1], pb = b.split(separator: ",")[1]
            return pa == pb ? a < b : pa < pb
        }
        #expect(Array(history.output.split(separator: "\n").dropFirst()) == expected, "each row applied exactly once")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/outbox/products").count == 20)
    }

    @Test func settingsComeFromDefaultsThenTheFileThenTheEnvironmentThenFlags() throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"horizon": 10, "training": {"minimumExtraDays": 100000}}"#.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        try Self.csv(days: 20).write(toFile: dir + "/h.csv", atomically: true, encoding: .utf8)
        func planDays(_ arguments: [String], environment: [String: String] = [:]) throws -> Int {
            #expect(try Subprocess.run(CommandLineTests.binary, arguments, in: dir, environment: environment).status == 0)
            let csv = try String(contentsOfFile: dir + "/outbox/products/P1/forecast.csv", encoding: .utf8)
            return csv.split(separator: "\n").count - 1
        }
        #expect(try planDays(["import", "h.csv"]) == 10, "the file's horizon over the default 30")
        #expect(try planDays(["train", "--product", "P1"], environment: ["STOCKCAST_HORIZON": "12"]) == 12, "the environment over the file")
        #expect(
            try planDays(
                ["train", "--product", "P1", "--config", dir + "/stockcast.json"],
                environment: ["STOCKCAST_HORIZON": "12", "STOCKCAST_SAFETY_FACTOR": "1.5"]) == 12)
        let report = try #require(Self.json(dir + "/outbox/products/P1/report.json"))
        #expect(report["safety_factor"] as? Double == 1.5)
        #expect(
            ((report["models"] as? [String: [String: Any]])?["sales"]?["decision"] as? String)?.hasPrefix("seasonal_mean: 20 days of history") == true,
            "the report says the fallback forecasts")
    }
}
