import ArgumentParser
import Daemon
import Demo
import Forecasting
import Foundation
import Ingest
import Logging
import ServiceLifecycle
import StockcastCore

/// `stockcast run`: the daemon.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch the inbox and keep the outbox up to date (until SIGTERM/SIGINT, or with --once until the inbox is empty).",
        discussion: """
            Each CSV dropped into the inbox is ingested into the history (models/stockcast.sqlite) in one \
            transaction and moved to inbox/archive/ (or inbox/rejected/ with outbox/errors/<file>.json). The \
            LSTMs of the products it touched are trained or fine-tuned, and forecasts, plans, alerts and \
            reports are published to the outbox. A file renamed into the inbox is taken at once; one written \
            in place once it has not changed for settleSeconds (configuration; default 1 s).
            """
    )

    @OptionGroup var directories: Directories

    @Flag(help: "Process what is in the inbox, publish, and exit.")
    var once = false

    @Flag(help: "On an empty history and inbox, first generate the seed's demo data into the inbox.")
    var demo = false

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown --log-level \(logLevel)") }
        LogfmtHandler.bootstrap(level: level)
        // SIGHUP reloads the configuration (DaemonService); never let it end the process.
        signal(SIGHUP, SIG_IGN)
        let logger = Logger(label: "stockcast")
        let settings = try await directories.settings()
        // One daemon per models/ directory, held until the process ends.
        let lock = try Self.lockModels(settings)
        defer { withExtendedLifetime(lock) {} }
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(settings: settings, logger: logger)
        } catch {
            throw CommandFailure("cannot start: \(error)")
        }
        if demo, try await pipeline.isEmpty(), pipeline.waitingFiles().isEmpty {
            let path = settings.inbox + "/demo-synthetic-seed42.csv"
            let histories = SyntheticHistory.generate(products: 5, days: 730, start: Day(iso: "2023-01-01")!, seed: 42)
            try AtomicFile.write(Array(SeedFormat.render(histories).utf8), to: path)
            logger.info("demo data generated", metadata: ["file": "\(path)", "products": "5", "days": "730"])
        }
        let directories = self.directories
        let service = DaemonService(pipeline: pipeline, logger: logger, once: once, reload: { try await directories.settings() })
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(60)
        let group = ServiceGroup(configuration: configuration)
        do {
            try await group.run()
        } catch {
            throw CommandFailure("stopped on an error: \(error)")
        }
        // A file it could not read (permissions, I/O) was rejected and alerted on; `--once` fails
        // too, for the machine needs fixing (a rejection for its content is the ERP's to fix).
        let unreadable = await pipeline.unreadableFiles
        if once && !unreadable.isEmpty {
            throw CommandFailure(
                "\(unreadable.count) file\(unreadable.count == 1 ? "" : "s") could not be read and went to inbox/rejected/: \(unreadable.joined(separator: "; "))"
            )
        }
    }
}

extension Run {
    /// Takes the models directory's instance lock, or fails saying who holds it.
    static func lockModels(_ settings: DaemonSettings) throws -> InstanceLock {
        do {
            return try InstanceLock(directory: settings.models)
        } catch {
            throw CommandFailure("cannot start: \(error)")
        }
    }
}

/// `stockcast import FILE...`: the daemon's path for given files, without watching.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy files into the inbox and process them as the daemon would, then exit.",
        discussion: "The originals are not touched. Exit status 1 when a file was rejected."
    )

    @OptionGroup var directories: Directories

    @Argument(help: "CSV files to import.")
    var files: [String]

    func run() async throws {
        LogfmtHandler.bootstrap(level: .notice)
        let logger = Logger(label: "stockcast")
        let settings = try await directories.settings()
        let lock = try Run.lockModels(settings)
        defer { withExtendedLifetime(lock) {} }
        let pipeline = try Pipeline(settings: settings, logger: logger)
        var names: [String] = []
        for file in files {
            let name = (file as NSString).lastPathComponent
            do {
                // Copied in steps, not read whole: a file of gigabytes needs no more memory.
                try AtomicFile.copy(from: file, to: settings.inbox + "/" + name)
            } catch {
                throw CommandFailure("cannot import \(file): \(error)")
            }
            names.append(name)
        }
        var rejected = 0
        await pipeline.recover()
        for name in names {
            let outcome: FileOutcome
            switch await pipeline.process(name) {
            case let .taken(o): outcome = o
            case .vanished: continue
            case let .blocked(reason): throw CommandFailure("\(reason); the file stays in inbox/.work/ and is taken first next time")
            }
            print("\(name): \(outcome.status.rawValue) → inbox/\(outcome.destination)\(outcome.error.map { " (\($0))" } ?? "")")
            if outcome.status == .rejected { rejected += 1 }
        }
        try await pipeline.publish()
        if rejected > 0 { throw CommandFailure("\(rejected) of \(names.count) files rejected; see outbox/errors/") }
    }
}
