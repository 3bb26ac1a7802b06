import ArgumentParser
import Daemon
import Forecasting
import Foundation
import Ingest
import Logging
import StockcastCore

/// `stockcast backtest`: a rolling-origin evaluation of the LSTM and both baselines.
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Score the LSTM and the statistical methods on the history by rolling origins.",
        discussion: """
            For each origin (the last --origins × --horizon days, one origin every --horizon days), \
            every method is fitted on the days before it — the LSTM trained from scratch, with the \
            configured schedule, as an initial training would — forecasts --horizon days and is \
            scored on what happened: MAE and RMSE (units/day), MASE (MAE ÷ the in-sample weekly \
            seasonal-naive MAE), the MAE relative to seasonal naive's, coverage of the 80 % and 95 % \
            intervals and the spread of the forecast (its std ÷ the actual's). "served" is the \
            method chosen at each origin by validation MASE, forecast as the daemon forecasts. \
            Summary rows average the series; the last table gives per measure each method's mean \
            MASE, pooled interval coverage and bias (total forecast ÷ total actual).
            """
    )

    @OptionGroup var directories: Directories

    @Option(help: "Evaluate only this product.")
    var product: String?

    @Option(help: "Forecast origins, one every --horizon days back from the end.")
    var origins = 3

    @Option(help: "Days forecast from each origin.")
    var horizon = 30

    @Option(help: "Evaluate this seed-format CSV instead of the stored history.")
    var csv: String?

    @Option(help: "Cases trained at once (default: the number of cores).")
    var concurrency = ResourceUsage.cores

    func validate() throws {
        guard (1...52).contains(origins) else { throw ValidationError("--origins must be 1–52") }
        guard (1...366).contains(horizon) else { throw ValidationError("--horizon must be 1–366 days") }
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        let settings = try await directories.settings()
        var histories: [ProductHistory]
        if let csv {
            do {
                histories = try SeedFormat.read(path: csv)
            } catch {
                throw CommandFailure("cannot backtest: \(error)")
            }
            if let product { histories = histories.filter { $0.product == product } }
        } else {
            try Directories.requireHistory(settings)
            histories = try await Pipeline(settings: settings, logger: Logger(label: "stockcast")).histories(product: product)
        }
        if let product, histories.isEmpty { throw CommandFailure("no history for product \(product)") }
        let cases = Backtest.cases(histories, origins: origins, horizon: horizon)
        guard !cases.isEmpty else {
            throw CommandFailure("no series is long enough: an origin needs two weeks of history before it and \(horizon) days after")
        }
        let configuration = settings.model
        Terminal.note("backtesting \(cases.count) cases (series × origins), \(min(concurrency, cases.count)) at a time")
        let clock = ContinuousClock()
        let started = clock.now
        let results = try await ParallelTraining.map(
            cases, concurrency: concurrency,
            { c, isCancelled in
                try Backtest.run(c, configuration: configuration, isCancelled: isCancelled)
            },
            progress: { p in
                Terminal.note(
                    "[\(p.completed)/\(p.total)] \(cases[p.index].product) \(cases[p.index].series) origin \(cases[p.index].start.advanced(by: cases[p.index].origin))"
                )
            })
        let outcomes = try results.map { try $0.get() }
        print(Backtest.table(outcomes), terminator: "")
        // Per measure: mean MASE of each method and of what served, pooled coverage, bias.
        print("\n" + Backtest.summaryTable(outcomes), terminator: "")
        Terminal.note(String(format: "done in %.1f s", (clock.now - started).seconds))
    }
}
