// stockcast-bench: the figures of the issues, one per line, from a release build.
//   swift run -c release stockcast-bench [training|ingest|daemon|accuracy|reports|hostile|scale|finetune|selection|replenishment|warmstart|all] [SEED_CSV] [--concurrency N] [--seed S] [--days N] [--products 10,100,1000] [--detail] [--warm] [--tuning-epochs N] [--origins N] [--dump FILE] [--sizes N,…] [--outbox DIR]
// training: the 10 seed models with the seed schedule (issue 2);
// ingest: CSV rows per second (issue 3);
// reports: the SVG charts, data.js files and index.html for 5, 100, 1,000, 2,000 and 10,000 products
//          (issues 5 and 14; --sizes 2000 only that size; --outbox DIR also writes the 2,000-product
//          outbox, or that of the one size --sizes gives, to DIR);
// scale: N products × 730 days into an empty daemon, then a daily file for all N (issue 6;
//        --products 10,100,1000; --trained DIR keeps each size's trained directory in DIR/<N>
//        and reuses it on later runs, which then measure only the daily file);
// finetune: fine-tuning policies compared over 30 daily updates on the seed data and Superstore:
//           forecast MAE and ms per update (issue 6; not in "all");
// daemon: a real daemon in a temporary directory, the seed file into an empty history, then
//         daily files dropped one at a time: latency from rename to published alerts (issue 3);
// replenishment: the last 120 days of every series replayed day by day under the service-level
//                policy and the seed's rule: cycle service level, fill rate, average stock,
//                orders (issue 15; not in "all");
// hostile: a 1 GB CSV, a 100 MB line and a million products through the ingest path and a real
//          daemon: wall time and peak RSS (issue 6; needs about 1.2 GB of free disk).
import Forecasting
import Foundation
import StockcastCore

struct BenchOptions {
    var scenario = "all"
    var csv = "../shared/data/seed_synthetic.csv"
    var superstore = "../shared/data/real/superstore_apac_category.csv"
    var concurrency = ResourceUsage.cores
    var seed: UInt64 = 42
    /// Daily files dropped in the daemon scenario.
    var days = 20
    /// Catalogue sizes of the scale scenario.
    var productCounts = [10, 100, 1000]
    /// Where the scale scenario keeps (and later reuses) each size's trained daemon directory.
    var trainedDirectory: String?
    /// The accuracy scenario also prints the table per series (`--detail`).
    var detail = false
    /// The accuracy scenario trains each series' LSTM from a base model of its data set, as the
    /// daemon does for a large catalogue (`--warm`).
    var warm = false
    /// With `--warm`, epochs each series is tuned from the base (`--tuning-epochs N`; default the daemon's).
    var tuningEpochs = WarmStartConfiguration().tuningEpochs
    /// Origins per series of the accuracy scenario, 30 days apart, the last 30 days before the end.
    var origins = 1
    /// The accuracy scenario appends every outcome to this file as JSON lines (`--dump FILE`).
    var dump: String?
    /// Where the reports scenario writes its 2,000-product outbox (`--outbox DIR`).
    var outbox: String?
    /// Catalogue sizes of the reports scenario (`--sizes 2000`).
    var reportSizes = [5, 100, 1000, 2000, 10000]

    init(_ arguments: [String]) {
        var rest = arguments
        if let i = rest.firstIndex(of: "--detail") {
            detail = true
            rest.remove(at: i)
        }
        if let i = rest.firstIndex(of: "--warm") {
            warm = true
            rest.remove(at: i)
        }
        func take(_ flag: String) -> String? {
            guard let i = rest.firstIndex(of: flag), i + 1 < rest.count else { return nil }
            defer { rest.removeSubrange(i...(i + 1)) }
            return rest[i + 1]
        }
        concurrency = take("--concurrency").flatMap(Int.init) ?? concurrency
        seed = take("--seed").flatMap(UInt64.init) ?? seed
        days = take("--days").flatMap(Int.init) ?? days
        origins = take("--origins").flatMap(Int.init) ?? origins
        tuningEpochs = take("--tuning-epochs").flatMap(Int.init) ?? tuningEpochs
        dump = take("--dump")
        outbox = take("--outbox")
        reportSizes = take("--sizes").map { $0.split(separator: ",").compactMap { Int($0) } } ?? reportSizes
        superstore = take("--superstore") ?? superstore
        trainedDirectory = take("--trained")
        productCounts = take("--products").map { $0.split(separator: ",").compactMap { Int($0) } } ?? productCounts
        if let first = rest.first,
            ["training", "ingest", "daemon", "accuracy", "reports", "hostile", "scale", "finetune", "selection", "replenishment", "warmstart", "all"].contains(
                first)
        {
            scenario = first
            rest.removeFirst()
        }
        csv = rest.first ?? csv
    }
}

func f(_ v: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }

let options = BenchOptions(Array(CommandLine.arguments.dropFirst()))
do {
    if options.scenario == "all" || options.scenario == "training" { try await trainingBenchmark(options) }
    if options.scenario == "all" || options.scenario == "ingest" { try ingestBenchmark(options) }
    if options.scenario == "all" || options.scenario == "daemon" { try await daemonBenchmark(options) }
    if options.scenario == "all" || options.scenario == "accuracy" { try await accuracyBenchmark(options) }
    if options.scenario == "all" || options.scenario == "reports" { try reportsBenchmark(options) }
    if options.scenario == "all" || options.scenario == "hostile" { try await hostileBenchmark(options) }
    // Not in "all": the 1,000-product run takes the better part of an hour.
    if options.scenario == "scale" { try await scaleBenchmark(options) }
    if options.scenario == "finetune" { try await fineTuneBenchmark(options) }
    if options.scenario == "selection" { try selectionBenchmark(options) }
    if options.scenario == "warmstart" { try warmStartBenchmark(options) }
    if options.scenario == "replenishment" { try await replenishmentBenchmark(options) }
} catch {
    FileHandle.standardError.write(Data("stockcast-bench: \(error)\n".utf8))
    exit(1)
}
