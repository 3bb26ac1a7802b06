// The ingest scenario (issue 3): rows per second of the CSV reader on the seed's format.
import Foundation
import Ingest
import StockcastCore

func ingestBenchmark(_ options: BenchOptions) throws {
    print("== ingest: seed-format CSV, parsed and summed per product and day (one core)")
    for (label, grouped) in [("grouped by product, as the seed writes", true), ("products interleaved day by day", false)] {
        let bytes = IngestBenchmark.seedFile(rows: 2_000_000, products: 1000, grouped: grouped)
        var best: IngestBenchmark.Measurement?
        for _ in 0..<3 {
            let m = try IngestBenchmark.run(bytes)
            if best == nil || m.seconds < best!.seconds { best = m }
        }
        let m = best!
        print(
            "ingest \(label): \(m.rows) rows, \(f(Double(m.bytes) / 1e6, 1)) MB in \(f(m.seconds, 3)) s = \(f(m.rowsPerSecond / 1e6, 2)) M rows/s (\(f(m.megabytesPerSecond, 0)) MB/s), best of 3"
        )
    }
}
