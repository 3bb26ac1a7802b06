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
        let results = try await ParallelTraining.map(
            cases, concurrency: options.concurrency,
            { c, isCancelled in
                try Backtest.run(c, configuration: configuration, isCancelled: isCancelled)
            })
        print("\(cases.count) cases (series × origins) trained and scored in \(f((clock.now - started).seconds)) s")
        print(Backtest.table(try results.map { try $0.get() }))
        if run.origins == 1 { returnsBound(histories) }
    }
}

/// What no returns forecast can beat on the seed data: the README's rule says returns are 5–15 %
/// of the sales 7 days earlier, at a rate drawn each day. Forecasting 10 % of the *actual* sales
/// 7 days earlier (known only in hindsight for most of the horizon) is the best such a rule allows.
private func returnsBound(_ histories: [ProductHistory]) {
    var maes: [Double] = [], spreads: [Double] = []
    for h in histories where h.count > 37 {
        let n = h.count
        let bound = (n - 30..<n).map { 0.1 * h.sales[$0 - 7] }
        let actual = Array(h.returns[(n - 30)...])
        maes.append(ForecastMetrics.mae(bound, actual) ?? .nan)
        spreads.append((ForecastMetrics.spread(bound) ?? .nan) / (ForecastMetrics.spread(actual) ?? .nan))
    }
    print(
        "returns bound: 0.10 × the actual sales 7 days earlier scores MAE \(f(maes.reduce(0, +) / Double(maes.count))) "
            + "(per product \(maes.map { f($0) }.joined(separator: " "))); its spread is \(spreads.map { f($0 * 100, 0) + " %" }.joined(separator: ", ")) of the actual"
    )
}
