// The daemon scenario (issue 3): a real `stockcast run` in a temporary directory. The seed's
// 730-day file goes into the empty daemon (10 initial trainings and every report), then daily
// files for the 5 products are renamed into the inbox one at a time; each latency runs from the
// rename to the moment alerts/active.json — the last file of a run — is published.
import Foundation
import Ingest
import StockcastCore

func daemonBenchmark(_ options: BenchOptions) async throws {
    print("== daemon: seed file into an empty daemon, then \(options.days) daily files")
    let binary = try stockcastBinary()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stockcast-bench-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir + "/inbox", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let seed = try Data(contentsOf: URL(fileURLWithPath: options.csv))
    let histories = try SeedFormat.read(path: options.csv)

    let process = try await startDaemon(binary, in: dir, logLevel: "warning")
    defer { if process.isRunning { process.terminate() } }

    /// Renames `bytes` into the inbox and returns the seconds until alerts/active.json is
    /// published after the rename.
    func drop(_ bytes: Data, as name: String, timeout: Double) async throws -> Double {
        let staging = dir + "/.staging.csv"
        try bytes.write(to: URL(fileURLWithPath: staging))
        let before = Date().timeIntervalSince1970
        guard rename(staging, dir + "/inbox/" + name) == 0 else { throw BenchError("cannot rename into the inbox") }
        var published = 0.0
        let done = await waitFor(timeout) {
            published = modified(dir + "/outbox/alerts/active.json")
            return published > before && status(dir)?["state"] as? String == "idle"
        }
        guard done else { throw BenchError("\(name) not published within \(Int(timeout)) s") }
        return published - before
    }

    let cold = try await drop(seed, as: "seed.csv", timeout: 600)
    let models = modelFileCount(dir + "/models")
    print(
        "seed file (\(histories.count) products × \(histories.first?.count ?? 0) days) into an empty daemon → \(models) models trained and all reports out: \(f(cold, 2)) s"
    )

    var latencies: [Double] = []
    let last = histories.map(\.end).max()!
    for k in 1...max(options.days, 1) {
        let day = last.advanced(by: k)
        var csv = "Date,Product_ID,Sales,Returns\n"
        for h in histories {
            // The same weekday a year earlier, for plausible values.
            let i = h.count - 364 + (k - 1) % 364
            csv += "\(day),\(h.product),\(Int(h.sales[max(0, i)])),\(Int(h.returns[max(0, i)]))\n"
        }
        latencies.append(try await drop(Data(csv.utf8), as: "day-\(day).csv", timeout: 60))
    }
    let sorted = latencies.sorted()
    func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
    print(
        "daily file for \(histories.count) products → alerts published: p50 \(f(percentile(0.5) * 1000, 0)) ms, p95 \(f(percentile(0.95) * 1000, 0)) ms, max \(f(sorted.last! * 1000, 0)) ms over \(sorted.count) files"
    )
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    print("daemon stopped on SIGTERM with exit status \(process.terminationStatus)")
}

/// The stockcast binary built next to stockcast-bench.
func stockcastBinary() throws -> URL {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("stockcast")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        throw BenchError("no stockcast binary next to stockcast-bench (build it: swift build -c release)")
    }
    return binary
}

/// Starts `stockcast run` in `dir` (its log in `dir/daemon.log`) and waits until it has
/// published status.json.
func startDaemon(_ binary: URL, in dir: String, logLevel: String) async throws -> Process {
    let process = Process()
    process.executableURL = binary
    process.arguments = ["run", "--log-level", logLevel]
    process.currentDirectoryURL = URL(fileURLWithPath: dir)
    process.standardOutput = FileHandle.nullDevice
    _ = FileManager.default.createFile(atPath: dir + "/daemon.log", contents: nil)
    process.standardError = FileHandle(forWritingAtPath: dir + "/daemon.log")
    try process.run()
    guard await waitFor(30, { FileManager.default.fileExists(atPath: dir + "/outbox/status.json") }) else {
        process.terminate()
        throw BenchError("the daemon did not start; see \(dir)/daemon.log")
    }
    return process
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls every 5 ms for up to `seconds`.
func waitFor(_ seconds: Double, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

/// Modification time in seconds since 1970, 0 when missing.
func modified(_ path: String) -> Double {
    var st = stat()
    guard stat(path, &st) == 0 else { return 0 }
    return Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) * 1e-9
}

func status(_ dir: String) -> [String: Any]? {
    guard let data = FileManager.default.contents(atPath: dir + "/outbox/status.json") else { return nil }
    return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
}

/// The current series model files under a models directory (not kept versions, not the bases).
func modelFileCount(_ models: String) -> Int {
    let paths = (try? FileManager.default.subpathsOfDirectory(atPath: models)) ?? []
    return paths.filter { $0.hasSuffix("s.safetensors") && !$0.hasPrefix(".base/") }.count
}
