// The scale scenario (issue 6): for each catalogue size, a real `stockcast run` in a temporary
// directory gets N products × 730 days of synthetic history in one file (the initial training of
// 2N models, with progress and an ETA from the daemon's log), then one daily file covering all N
// products. Wall time from the rename to the published run, and the daemon's peak resident memory
// in each phase (VmHWM, reset between the phases through /proc/<pid>/clear_refs).
import Demo
import Forecasting
import Foundation
import Ingest
import StockcastCore

func scaleBenchmark(_ options: BenchOptions) async throws {
    let binary = try stockcastBinary()
    print("== scale: N products × 730 days into an empty daemon, then one daily file for all N (\(options.concurrency) cores)")
    var rows: [String] = []
    for count in options.productCounts {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stockcast-scale-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/inbox", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let start = Day(iso: "2023-01-01")!
        let histories = SyntheticHistory.generate(products: count, days: 730, start: start, seed: options.seed)
        let history = Data(SeedFormat.render(histories).utf8)

        var process = try await startDaemon(binary, in: dir, logLevel: "info")
        var pid = process.processIdentifier
        defer { if process.isRunning { process.terminate() } }

        /// Renames `bytes` into the inbox and returns the seconds until the run that follows is
        /// published, printing the daemon's training progress every 15 s.
        func drop(_ bytes: Data, as name: String) async throws -> Double {
            let staging = dir + "/.staging.csv"
            try bytes.write(to: URL(fileURLWithPath: staging))
            let began = Date().timeIntervalSince1970
            guard rename(staging, dir + "/inbox/" + name) == 0 else { throw BenchError("cannot rename into the inbox") }
            var lastReport = began
            let done = await waitFor(6 * 3600) {
                let now = Date().timeIntervalSince1970
                if now - lastReport >= 15 {
                    lastReport = now
                    if let line = lastLine(dir + "/daemon.log", containing: "training progress") {
                        print(
                            "  \(count) products, \(name): \(field(line, "done") ?? "?") series, elapsed \(Int(now - began)) s, ETA \(field(line, "eta_s") ?? "?") s"
                        )
                    }
                }
                return modified(dir + "/outbox/alerts/active.json") > began && status(dir)?["state"] as? String == "idle"
            }
            guard done else { throw BenchError("\(name) not published within 6 h") }
            return modified(dir + "/outbox/alerts/active.json") - began
        }

        // With --trained DIR the trained state of each size is kept in DIR/<N> and reused by later
        // runs (the initial training of 1,000 products takes about half an hour); the daemon is then
        // restarted before the daily file either way, so both paths measure the same thing.
        let trained = options.trainedDirectory.map { $0 + "/\(count)" }
        var initial = Double.nan, initialPeak = 0
        func stopDaemon() {
            kill(pid, SIGTERM)
            process.waitUntilExit()
        }
        if let trained, FileManager.default.fileExists(atPath: trained + "/models/stockcast.sqlite") {
            stopDaemon()
            try run("/bin/rm", ["-rf", dir])
            try run("/bin/cp", ["-a", trained, dir])
            print("  \(count) products: trained state reused from \(trained)")
        } else {
            initial = try await drop(history, as: "history.csv")
            initialPeak = peakResidentMB(pid)
            if let trained {
                stopDaemon()
                try? FileManager.default.removeItem(atPath: trained)
                try FileManager.default.createDirectory(atPath: options.trainedDirectory!, withIntermediateDirectories: true)
                try run("/bin/cp", ["-a", dir, trained])
            }
        }
        if trained != nil {
            // The copies leave gigabytes of dirty pages that the daily run's syncfs would flush:
            // a real day starts long after the previous writes reached the disk.
            try run("/bin/sync", [])
            unlink(dir + "/outbox/status.json")
            process = try await startDaemon(binary, in: dir, logLevel: "info")
            pid = process.processIdentifier
        }
        resetPeak(pid)
        let last = start.advanced(by: 729)
        var daily = "Date,Product_ID,Sales,Returns\n"
        for h in histories {
            let i = h.count - 364  // the same weekday a year earlier, for plausible values
            daily += "\(last.advanced(by: 1)),\(h.product),\(Int(h.sales[i])),\(Int(h.returns[i]))\n"
        }
        let runsBefore = linesContaining(dir + "/daemon.log", "run published")
        let day = try await drop(Data(daily.utf8), as: "day.csv")
        let dailyPeak = peakResidentMB(pid)
        // The daemon logs the run after status.json says idle.
        _ = await waitFor(10) { linesContaining(dir + "/daemon.log", "run published") > runsBefore }
        if let line = lastLine(dir + "/daemon.log", containing: "run published") {
            print(
                "  \(count) products, daily run: "
                    + ["train_ms", "forecast_ms", "publish_ms", "outbox_write_ms", "series_maintained"]
                    .map { "\($0)=\(field(line, $0) ?? "?")" }.joined(separator: " "))
        }
        if let trained {
            // The daily run's log beside the trained state, for a closer look.
            try? FileManager.default.removeItem(atPath: trained + "-daily.log")
            try? FileManager.default.copyItem(atPath: dir + "/daemon.log", toPath: trained + "-daily.log")
        }
        if let line = lastLine(dir + "/daemon.log", containing: "file accepted") {
            print("  \(count) products, daily file: " + ["parse_ms", "store_ms"].map { "\($0)=\(field(line, $0) ?? "?")" }.joined(separator: " "))
        }
        stopDaemon()
        let models = modelFileCount(dir + "/models")
        let cores = Double(options.concurrency)
        let row =
            "| \(count) | \(models) | \(f(initial, 1)) s | \(initialPeak) MB | \(f(Double(2 * count) / initial / cores, 2)) | \(f(day, 2)) s | \(dailyPeak) MB | \(f(Double(2 * count) / day / cores, 1)) |"
        print(row)
        rows.append(row)
    }
    print(
        "| products | models | initial (history file → all published) | peak RSS | series/s per core | daily file → published | peak RSS | series/s per core |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows { print(row) }
}

/// The daemon's peak resident set since start or the last `resetPeak`, MB (0 when unreadable).
private func peakResidentMB(_ pid: Int32) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    else { return 0 }
    return kb / 1024
}

/// Resets the process's peak resident set to its current one (proc(5), clear_refs "5").
private func resetPeak(_ pid: Int32) {
    try? "5".write(toFile: "/proc/\(pid)/clear_refs", atomically: false, encoding: .utf8)
}

/// How many lines of the log at `path` contain `text`.
private func linesContaining(_ path: String, _ text: String) -> Int {
    ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").count { $0.contains(text) }
}

private func lastLine(_ path: String, containing text: String) -> String? {
    guard let log = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return log.split(separator: "\n").last { $0.contains(text) }.map(String.init)
}

/// The value of `key=value` in a logfmt line.
private func field(_ line: String, _ key: String) -> String? {
    guard let range = line.range(of: " \(key)=") else { return nil }
    return String(line[range.upperBound...].prefix { $0 != " " }).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
}

/// Runs `tool` with `arguments` and waits; throws when it fails.
private func run(_ tool: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchError("\(tool) \(arguments.joined(separator: " ")) failed") }
}
