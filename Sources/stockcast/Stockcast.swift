import ArgumentParser
import StockcastCore

/// `stockcast`: the command line. Each subcommand is a thin layer over the library targets.
@main
struct Stockcast: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stockcast",
        abstract: "Forecasts sales and returns from ERP exports and plans inventory.",
        discussion: """
            ERP jobs drop CSV files into the inbox; Stockcast keeps the history, trains one LSTM \
            per product and series, and publishes forecasts, plans and alerts into the outbox.
            Exit status: 0 success, 1 the work failed (the message says why), 64 bad usage.
            """,
        version: StockcastVersion.current,
        subcommands: [Run.self, Import.self, Train.self, ForecastCommand.self, BacktestCommand.self, History.self, Status.self, Resolve.self, Generate.self]
    )
}
