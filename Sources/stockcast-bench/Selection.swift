// The selection scenario (issue 14): what choosing a series' serving method costs. For every
// series of the seed data and the Superstore sub-categories, the statistical candidates at the
// validation origins an initial training uses (12, 14 days apart, 30 days each), timed per
// method, then the whole choice (`MethodSelection.select`, calibrations included).
import Forecasting
import Foundation
import Ingest
import StockcastCore

func selectionBenchmark(_ options: BenchOptions) throws {
    let real = (options.superstore as NSString).deletingLastPathComponent
    for (title, path) in [("seed data", options.csv), ("Superstore APAC sub-categories", real + "/superstore_apac_subcategory.csv")] {
        let contexts = try SeedFormat.read(path: path).flatMap { h in SeriesKind.allCases.map { SeriesContext(h, $0) } }
        print("== selection: \(title), \(contexts.count) series, 1 core")
        let clock = ContinuousClock()
        var perMethod: [ForecastMethod: Duration] = [:]
        var whole = Duration.zero
        for context in contexts {
            let origins = MethodSelection.origins(count: context.count, horizon: 30, earliest: 28)
            for method in Candidates.offered(context) {
                let started = clock.now
                for origin in origins {
                    let before = context.prefix(origin)
                    _ = Candidates.forecast(method, before, horizon: 30)
                }
                perMethod[method, default: .zero] += clock.now - started
            }
            let started = clock.now
            _ = MethodSelection.select(context, origins: origins, horizon: 30)
            whole += clock.now - started
        }
        let n = Double(contexts.count)
        func ms(_ d: Duration) -> String { f(d.seconds * 1000 / n, 1) }
        print(
            "whole choice: \(ms(whole)) ms per series; by method, all origins: "
                + perMethod.sorted { $0.value > $1.value }.map { "\($0.key) \(ms($0.value))" }.joined(separator: ", "))
    }
}
