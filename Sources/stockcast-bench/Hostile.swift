// The hostile scenario (issue 6): files too big for comfort, and what they cost.
//  - a 1 GB CSV (ERP transaction lines: 1,000 products × 1,095 days, ~44 lines per product and day),
//  - a file whose one data line is 100 MB long,
//  - a file of a million products (one row each),
// each read by the ingest path in this process (`ERPFile.read`, peak RSS reset before each) and
// then by a real `stockcast run --once` on a fresh directory (claim, hash, parse, store, publish;
// its peak RSS read from /proc while it runs). The reader must stay under 300 MB on each.
import Foundation
import Ingest
import StockcastCore

func hostileBenchmark(_ options: BenchOptions) async throws {
    print("== hostile: a 1 GB CSV, a 100 MB line, a million products")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stockcast-hostile-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }

    let clock = ContinuousClock()
    var started = clock.now
    let big = dir + "/transactions-1GB.csv"
    let (bigRows, bigBytes) = try HostileFiles.transactions(to: big, bytes: 1_000_000_000, products: 1000, days: 1095)
    print("generated \(f(Double(bigBytes) / 1e9, 2)) GB, \(bigRows) rows in \(f((clock.now - started).seconds, 1)) s")
    let line = dir + "/one-line-100MB.csv"
    try HostileFiles.oneLongLine(to: line, bytes: 100_000_000)
    let many = dir + "/million-products.csv"
    try HostileFiles.manyProducts(to: many, count: 1_000_000)

    /// Reads `path` with the ingest path; prints the outcome, wall time and peak RSS.
    func ingest(_ label: String, _ path: String, _ ingestOptions: IngestOptions = IngestOptions()) {
        ResourceUsage.resetPeakResident()
        let start = clock.now
        let outcome: String
        var rate = ""
        do {
            let file = try ERPFile.read(path: path, options: ingestOptions)
            let cells = file.totals.values.reduce(0) { $0 + $1.count }
            outcome = "\(file.rows) rows → \(file.totals.count) products, \(cells) product-days"
            let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
            rate = " (\(f(size / 1e6 / (clock.now - start).seconds, 0)) MB/s)"
        } catch {
            outcome = "rejected: \(error)"
        }
        let seconds = (clock.now - start).seconds
        let time = seconds < 1 ? "\(f(seconds * 1000, 1)) ms" : "\(f(seconds, 2)) s"
        print("ingest \(label): \(outcome.prefix(240)) in \(time)\(rate), peak RSS \(megabytes(ResourceUsage.peakResidentBytes()))")
    }
    // Smallest first: the peak can only be reset to what the process holds already.
    ingest("100 MB line", line)
    ingest("1,000,000 products, the daemon's limit of 10,000", many, IngestOptions(maxProducts: 10_000))
    ingest("1 GB CSV", big)
    ingest("1,000,000 products, no limit", many, IngestOptions(maxProducts: nil))

    // The real daemon, one file at a time, baselines only (no LSTM training: the figures are
    // about the files).
    let binary = try stockcastBinary()
    for (label, path) in [("1 GB CSV", big), ("100 MB line", line), ("1,000,000 products", many)] {
        let work = dir + "/daemon-\(label.filter(\.isLetter))"
        try FileManager.default.createDirectory(atPath: work + "/inbox", withIntermediateDirectories: true)
        try #"{"training": {"minimumExtraDays": 100000}}"#.write(toFile: work + "/stockcast.json", atomically: true, encoding: .utf8)
        guard rename(path, work + "/inbox/" + (path as NSString).lastPathComponent) == 0 else { throw BenchError("cannot move \(path)") }
        started = clock.now
        let (status, peak, log) = try runMeasured(binary, ["run", "--once"], in: work)
        let seconds = (clock.now - started).seconds
        let file = log.split(separator: "\n").first { $0.contains("msg=\"file ") }.map(String.init) ?? ""
        func field(_ key: String) -> String {
            guard let r = file.range(of: " \(key)=") else { return "?" }
            return String(file[r.upperBound...].prefix { $0 != " " })
        }
        let outcome = field("outcome")
        var detail = "hash \(field("hash_ms")) ms"
        if outcome == "accepted" {
            detail += ", parse \(field("parse_ms")) ms, store \(field("store_ms")) ms, \(field("rows")) rows, \(field("products")) products"
        } else if let r = file.range(of: " reason=") {
            detail += "; " + String(file[r.upperBound...].prefix(240))
        }
        print("daemon run --once, \(label): \(outcome) (\(detail)); whole run with publication \(f(seconds, 1)) s, exit \(status), peak RSS \(megabytes(peak))")
        try? FileManager.default.removeItem(atPath: work)
    }
}

/// Runs `binary` with `arguments` in `directory`, reading its peak RSS (`VmHWM`) from /proc while
/// it runs; returns the exit status, that peak, and its standard error.
private func runMeasured(_ binary: URL, _ arguments: [String], in directory: String) throws -> (Int32, Int?, String) {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardOutput = FileHandle.nullDevice
    let logPath = directory + "/daemon.log"
    _ = FileManager.default.createFile(atPath: logPath, contents: nil)
    process.standardError = FileHandle(forWritingAtPath: logPath)
    try process.run()
    var peak: Int?
    let statusPath = "/proc/\(process.processIdentifier)/status"
    while process.isRunning {
        if let text = try? String(contentsOfFile: statusPath, encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = line.split(separator: " ").compactMap({ Int($0) }).first
        {
            peak = max(peak ?? 0, kilobytes * 1024)
        }
        usleep(20_000)
    }
    process.waitUntilExit()
    return (process.terminationStatus, peak, (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
}

private func megabytes(_ bytes: Int?) -> String {
    bytes.map { "\(f(Double($0) / 1_048_576, 0)) MB" } ?? "n/a"
}

/// Writers of the scenario's files, in steps of a few megabytes.
enum HostileFiles {
    /// Writes `bytes` to the file open as `fd`.
    private static func put(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            guard n > 0 else { throw BenchError("cannot write: \(String(cString: strerror(errno)))") }
            offset += n
        }
    }

    private static func create(_ path: String) throws -> Int32 {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BenchError("cannot create \(path)") }
        return fd
    }

    /// Seed-format transaction lines, day by day, `products` products a day and as many lines
    /// per product and day as reach `bytes`. Returns rows and bytes written.
    static func transactions(to path: String, bytes target: Int, products: Int, days: Int) throws -> (Int, Int) {
        let fd = try create(path)
        defer { close(fd) }
        let start = Day(iso: "2022-01-01")!
        let names = (0..<products).map { Array("P\(String(format: "%04d", $0 + 1))".utf8) }
        let lineBytes = 10 + 1 + names[0].count + 1 + 1 + 1 + 1 + 1
        let perCell = max(1, (target + lineBytes * products * days - 1) / (lineBytes * products * days))
        var out = Array("Date,Product_ID,Sales,Returns\n".utf8)
        out.reserveCapacity(9 << 20)
        var rows = 0, total = 0
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for d in 0..<days {
            let date = Array(start.advanced(by: d).description.utf8)
            for name in names {
                for _ in 0..<perCell {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    out += date
                    out.append(0x2C)
                    out += name
                    out.append(0x2C)
                    out.append(0x31 + UInt8(state >> 60 & 7))  // 1–8 sold
                    out.append(0x2C)
                    out.append(state >> 59 & 31 == 0 ? 0x31 : 0x30)  // now and then 1 returned
                    out.append(0x0A)
                    rows += 1
                }
            }
            if out.count >= 8 << 20 {
                try put(fd, out)
                total += out.count
                out.removeAll(keepingCapacity: true)
            }
        }
        try put(fd, out)
        return (rows, total + out.count)
    }

    /// A header and one data line of `bytes` bytes (its product id is that long).
    static func oneLongLine(to path: String, bytes: Int) throws {
        let fd = try create(path)
        defer { close(fd) }
        try put(fd, Array("Date,Product_ID,Sales,Returns\n2024-01-01,".utf8))
        let step = [UInt8](repeating: UInt8(ascii: "x"), count: 4 << 20)
        var left = bytes
        while left > 0 {
            try put(fd, Array(step.prefix(left)))
            left -= min(left, step.count)
        }
        try put(fd, Array(",1,0\n".utf8))
    }

    /// One row for each of `count` products.
    static func manyProducts(to path: String, count: Int) throws {
        let fd = try create(path)
        defer { close(fd) }
        var out = "Date,Product_ID,Sales,Returns\n"
        for i in 0..<count {
            out += "2024-01-01,Q\(i),1,0\n"
            if out.utf8.count > 4 << 20 {
                try put(fd, Array(out.utf8))
                out = ""
            }
        }
        try put(fd, Array(out.utf8))
    }
}
