import Ingest
import StockcastCore

/// Parsing speed on generated seed-format data, for benchmarks (`stockcast-bench` or a test
/// that prints): build the bytes once with `seedFile`, then time `run`.
enum IngestBenchmark {
    /// What one timed parse measured.
    struct Measurement: Sendable {
        /// Data rows parsed.
        var rows: Int
        /// Bytes parsed.
        var bytes: Int
        /// Wall time of the parse, in seconds.
        var seconds: Double
        /// Rows per second.
        var rowsPerSecond: Double { Double(rows) / seconds }
        /// Megabytes (10⁶ bytes) per second.
        var megabytesPerSecond: Double { Double(bytes) / seconds / 1e6 }
    }

    /// A seed-format file (`Date,Product_ID,Sales,Returns`, rows like `2023-01-01,P001,75,11`)
    /// with `rows` data rows over `products` products, days from 2023-01-01. `grouped`: all
    /// rows of a product together (as the seed writes them); otherwise day by day, the products
    /// interleaved. Keep rows ÷ products under 2.9 million (the days up to 9999-12-31).
    static func seedFile(rows: Int, products: Int = 1000, grouped: Bool = true) -> [UInt8] {
        let products = max(products, 1)
        let days = (rows + products - 1) / products
        let start = Day(year: 2023, month: 1, day: 1) ?? Day(daysSince1970: 19358)
        let dates = (0..<days).map { Array(start.advanced(by: $0).description.utf8) }
        let names = (0..<products).map { index -> [UInt8] in
            let digits = String(index + 1)
            return Array(("P" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits).utf8)
        }
        var out = Array(SeedFormat.header.utf8) + [0x0A]
        out.reserveCapacity(rows * 24)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func append(_ value: Int) {
            out.append(contentsOf: String(value).utf8)
        }
        for n in 0..<rows {
            let (product, day) = grouped ? (n / days, n % days) : (n % products, n / products)
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let random = Int(truncatingIfNeeded: state >> 33)
            out.append(contentsOf: dates[day])
            out.append(0x2C)
            out.append(contentsOf: names[product])
            out.append(0x2C)
            append(50 + random % 100)
            out.append(0x2C)
            append(random / 100 % 20)
            out.append(0x0A)
        }
        return out
    }

    /// Parses `bytes` once with `ERPFile.parse` (including building the per-product totals)
    /// and measures the wall time.
    static func run(_ bytes: [UInt8]) throws(IngestError) -> Measurement {
        let clock = ContinuousClock()
        let started = clock.now
        let file = try ERPFile.parse(bytes, name: "benchmark.csv")
        return Measurement(rows: file.rows, bytes: bytes.count, seconds: (clock.now - started).seconds)
    }
}
