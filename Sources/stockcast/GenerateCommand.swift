import ArgumentParser
import Demo
import Ingest
import StockcastCore

/// `stockcast generate`: the seed system's synthetic sales and returns, as seed-format CSV.
struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write synthetic sales and returns (the seed system's demo data) as CSV.",
        discussion:
            "Same --seed, same bytes. By default the file lands in the inbox, written under a hidden name and renamed, so a running daemon takes it whole."
    )

    @OptionGroup var directories: Directories

    @Option(help: "Number of products (P001, P002, …).")
    var products = 5

    @Option(help: "Days of history per product.")
    var days = 730

    @Option(help: "First day, YYYY-MM-DD.")
    var start = "2023-01-01"

    @Option(help: "Seed of the random generator.")
    var seed: UInt64 = 42

    @Option(help: "File to write, or - for standard output (default: <inbox>/synthetic-seed<seed>.csv).")
    var out: String?

    func validate() throws {
        guard (1...100_000).contains(products) else { throw ValidationError("--products must be between 1 and 100000") }
        guard (1...36_500).contains(days) else { throw ValidationError("--days must be between 1 and 36500") }
        guard let first = Day(iso: start) else { throw ValidationError("--start must be a date YYYY-MM-DD, not \(start)") }
        guard products * days <= 10_000_000 else {
            throw ValidationError("--products × --days is \(products * days) rows; at most 10000000 are generated at once")
        }
        guard first.advanced(by: days - 1) <= Day(year: 9999, month: 12, day: 31)! else {
            throw ValidationError("the last day would fall after 9999-12-31")
        }
    }

    func run() async throws {
        let inbox = try await directories.settings().inbox
        let histories = SyntheticHistory.generate(products: products, days: days, start: Day(iso: start)!, seed: seed)
        let csv = SeedFormat.render(histories)
        let target = out ?? inbox + "/synthetic-seed\(seed).csv"
        if target == "-" {
            print(csv, terminator: "")
            return
        }
        do {
            let directory = target.contains("/") ? String(target[..<target.lastIndex(of: "/")!]) : "."
            try AtomicFile.createDirectories(directory.isEmpty ? "/" : directory)
            try AtomicFile.write(Array(csv.utf8), to: target)
        } catch {
            throw CommandFailure("stockcast generate: \(error)")
        }
        Terminal.note("wrote \(products * days) rows (\(products) products × \(days) days from \(start), seed \(seed)) to \(target)")
    }
}
