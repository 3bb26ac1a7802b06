// The accuracy scenario (issue 4): the reference protocol on the seed data (train on all but the
// last 30 days, forecast them) and on the real Superstore categories (two origins, 60 and 30
// days before the end), with the same code as `stockcast backtest`.
import Forecasting
import Foundation
import Ingest
import StockcastCore

func accuracyBenchmark(_ options: BenchOptions) async throws {
    var c = ModelConfiguration()
    c.seed = options.seed
    let configuration = c
    let runs: [(title: String, path: String, origins: Int)] = [
        ("seed data, last 30 days held out", options.csv, 1),
        ("Superstore APAC categories, origins 60 and 30 days before the end", options.superstore, 2),
    ]
    for run in runs {
        print("== accuracy: \(run.title) (\(run.path))")
        let histories = try SeedFormat.read(path: run.path)
        let cases = Backtest.cases(histories, origins: run.origins, horizon: 30)
        let clock = ContinuousClock()
        let started = clock.now
        let results = try await ParallelTraining.map(cases, concurrency: options.concurrency, { c, isCancelled in
            try Backtest.run(c, configuration: configuration, isCancelled: isCancelled)
        })
        print("\(cases.count) cases (series × origins) trained and scored in \(f((clock.now - started).seconds)) s")
        print(Backtest.table(try results.map { try $0.get() }))
    }
}
