// The accuracy scenario (issues 4 and 13): every series of the seed data and of the two real
// Superstore sets with its last 30 days held out, scored with `stockcast backtest`'s code: mean
// MASE per method and for what served, sales and returns apart, pooled coverage of the
// intervals, and bias (total forecast ÷ total actual).
import Forecasting
import Foundation
import Ingest
import StockcastCore

func accuracyBenchmark(_ options: BenchOptions) async throws {
    var c = ModelConfiguration()
    c.seed = options.seed
    let configuration = c
    let real = (options.superstore as NSString).deletingLastPathComponent
    let runs: [(title: String, path: String)] = [
        ("seed data", options.csv),
        ("Superstore APAC categories", options.superstore),
        ("Superstore APAC sub-categories", real + "/superstore_apac_subcategory.csv"),
    ]
    for run in runs {
        print(
            "== accuracy: \(run.title) (\(run.path)), "
                + (options.origins == 1
                    ? "last 30 days of each series held out"
                    : "origins \((1...options.origins).reversed().map { String($0 * 30) }.joined(separator: ", ")) days before the end"))
        let histories = try SeedFormat.read(path: run.path)
        let cases = Backtest.cases(histories, origins: options.origins, horizon: 30)
        let clock = ContinuousClock()
        let started = clock.now
        // With --warm, one base per series kind and origin, trained on every series' days before that origin.
        var bases: [Int: [SeriesKind: WarmStart]] = [:]
        if options.warm {
            var warm = WarmStartConfiguration()
            warm.tuningEpochs = options.tuningEpochs
            for (back, group) in Dictionary(grouping: cases, by: { $0.values.count - $0.origin }) {
                for kind in SeriesKind.allCases {
                    bases[back, default: [:]][kind] = try BaseModel.train(
                        group.map(\.job), series: kind, configuration: configuration, warmStart: warm
                    ).map { WarmStart(base: $0, tuningEpochs: warm.tuningEpochs) }
                }
            }
            print("bases trained in \(f((clock.now - started).seconds)) s")
        }
        let warmStarts = bases
        let results = try await ParallelTraining.map(
            cases, concurrency: options.concurrency,
            { c, isCancelled in
                try Backtest.run(
                    c, configuration: configuration, warmStart: warmStarts[c.values.count - c.origin]?[c.series], isCancelled: isCancelled)
            })
        let outcomes = try results.map { try $0.get() }
        print("\(cases.count) series × origins trained and scored in \(f((clock.now - started).seconds)) s")
        if let dump = options.dump { try dumpOutcomes(outcomes, dataSet: run.title, to: dump) }
        if options.detail {
            print(Backtest.table(outcomes))
            for o in outcomes { print("\(o.product) \(o.series): \(o.selection ?? "-")") }
        }
        print(Backtest.summaryTable(outcomes))
        if run.path == options.csv && options.origins == 1 { returnsBound(histories) }
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

/// One JSON object per outcome (for analysis outside Swift): the actual days, the MASE scale,
/// every method's forecast, and the validation origins' actuals, scales and forecasts.
func dumpOutcomes(_ outcomes: [Backtest.Outcome], dataSet: String, to path: String) throws {
    func numbers(_ v: [Double]) -> String { "[" + v.map { String(format: "%.6g", $0) }.joined(separator: ",") + "]" }
    var text = ""
    for o in outcomes {
        var fields = [
            "\"set\":\"\(dataSet)\"", "\"origin\":\"\(o.origin)\"", "\"product\":\"\(o.product)\"", "\"series\":\"\(o.series)\"",
            "\"served\":\"\(o.served)\"", "\"actual\":\(numbers(o.actual))", "\"scale\":\(o.scale.map { "\($0)" } ?? "null")",
        ]
        fields.append(
            "\"test\":{"
                + o.predictions.sorted { $0.key.rawValue < $1.key.rawValue }
                .map { "\"\($0.key)\":\(numbers($0.value.values))" }.joined(separator: ",") + "}")
        if let s = o.servedPrediction { fields.append("\"served_values\":\(numbers(s.values))") }
        if let e = o.validation?.evidence {
            fields.append("\"val_actual\":[" + e.actuals.map(numbers).joined(separator: ",") + "]")
            fields.append("\"val_scale\":[" + e.scales.map { $0.map { "\($0)" } ?? "null" }.joined(separator: ",") + "]")
            fields.append(
                "\"val\":{"
                    + e.forecasts.sorted { $0.key.rawValue < $1.key.rawValue }
                    .map { "\"\($0.key)\":[" + $0.value.map(numbers).joined(separator: ",") + "]" }.joined(separator: ",") + "}")
        }
        text += "{" + fields.joined(separator: ",") + "}\n"
    }
    let handle =
        FileHandle(forWritingAtPath: path)
        ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)!
        }()
    handle.seekToEndOfFile()
    handle.write(Data(text.utf8))
    try handle.close()
}
