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
        subcommands: [Generate.self, Train.self]
    )
}

/// The directories every command works in.
struct Directories: ParsableArguments {
    @Option(help: "Directory the ERP drops its CSV files into.")
    var inbox = "inbox"

    @Option(help: "Directory reports are published to.")
    var outbox = "outbox"

    @Option(help: "Directory of the history database and the model files.")
    var models = "models"

    func validate() throws {
        for (option, value) in [("--inbox", inbox), ("--outbox", outbox), ("--models", models)] where value.isEmpty {
            throw ValidationError("\(option) must name a directory")
        }
    }
}
