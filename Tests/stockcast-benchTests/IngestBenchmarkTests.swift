import Foundation
import Ingest
import StockcastCore
import StockcastTesting
import Testing

@testable import stockcast_bench

/// Prints parsing speed; runs only when asked, in a release build:
/// `STOCKCAST_INGEST_BENCH=1 swift test -c release --filter IngestBenchmarkTests`.
/// It does not assert a speed (tests do not time things).
@Suite struct IngestBenchmarkTests {
    static let enabled = ProcessInfo.processInfo.environment["STOCKCAST_INGEST_BENCH"] != nil

    @Test(.enabled(if: enabled))
    func printsRowsPerSecondForTwoMillionSeedFormatRows() throws {
        for grouped in [true, false] {
            let bytes = IngestBenchmark.seedFile(rows: 2_000_000, products: 1000, grouped: grouped)
            var best: IngestBenchmark.Measurement?
            for _ in 0..<5 {
                let m = try IngestBenchmark.run(bytes)
                #expect(m.rows == 2_000_000)
                if best == nil || m.seconds < best!.seconds { best = m }
            }
            if let best {
                print(
                    "ingest \(grouped ? "grouped by product" : "products interleaved"): \(best.rows) rows, \(String(format: "%.1f", Double(best.bytes) / 1e6)) MB in \(String(format: "%.3f", best.seconds)) s = \(String(format: "%.2f", best.rowsPerSecond / 1e6)) M rows/s, \(String(format: "%.0f", best.megabytesPerSecond)) MB/s (best of 5)"
                )
            }
        }
    }

    /// Run alone (`--filter readingABigFileKeepsMemoryBounded`), so that peak memory is this test's.
    @Test(.enabled(if: enabled))
    func readingABigFileKeepsMemoryBounded() throws {
        // 300 MB of transaction lines for 10 products × 365 days: a small aggregate, so the
        // peak resident memory is the reader's own.
        let path = Scratch.path("ingest-big", suffix: ".csv")
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let block = IngestBenchmark.seedFile(rows: 3650, products: 10, grouped: false)
        let body = Array(block.drop { $0 != 0x0A }.dropFirst())
        try handle.write(contentsOf: Data(block))
        var size = block.count
        var chunk: [UInt8] = []
        while chunk.count < 4 << 20 { chunk += body }
        while size < 300_000_000 {
            try handle.write(contentsOf: Data(chunk))
            size += chunk.count
        }
        try handle.close()
        let before = ResourceUsage.peakResidentBytes() ?? 0
        let clock = ContinuousClock()
        let started = clock.now
        let file = try ERPFile.read(path: path)
        let seconds = (clock.now - started).seconds
        let after = ResourceUsage.peakResidentBytes() ?? 0
        print(
            "ingest read(path:): \(file.rows) rows, \(size / 1_000_000) MB in \(String(format: "%.2f", seconds)) s = \(String(format: "%.2f", Double(file.rows) / seconds / 1e6)) M rows/s; peak resident memory \(before / 1_048_576) MiB before, \(after / 1_048_576) MiB after"
        )
    }
}
