import ArgumentParser
import Foundation
import Configuration
import Daemon
import Forecasting
import Ingest
import Planning
import StockcastCore

/// The directories and configuration every command takes. Settings resolve, lowest to highest
/// priority: built-in defaults ← the JSON configuration file ← `STOCKCAST_*` environment
/// variables ← command-line flags.
struct Directories: ParsableArguments {
    @Option(help: "Directory the ERP drops its CSV files into (default: inbox).")
    var inbox: String?

    @Option(help: "Directory reports are published to (default: outbox).")
    var outbox: String?

    @Option(help: "Directory of the history database and the model files (default: models).")
    var models: String?

    @Option(help: "JSON configuration file (default: stockcast.json in the working directory, if present).")
    var config: String?

    func validate() throws {
        for (option, value) in [("--inbox", inbox), ("--outbox", outbox), ("--models", models), ("--config", config)] where value == "" {
            throw ValidationError("\(option) must name a directory or file")
        }
    }

    /// The settings in force, with `overrides` (flags of the command) on top.
    func settings(_ overrides: [String: ConfigValue] = [:]) async throws -> DaemonSettings {
        var flags: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in overrides { flags[AbsoluteConfigKey(stringLiteral: key)] = value }
        if let inbox { flags["inbox"] = .init(.string(inbox), isSecret: false) }
        if let outbox { flags["outbox"] = .init(.string(outbox), isSecret: false) }
        if let models { flags["models"] = .init(.string(models), isSecret: false) }
        let file: FileProvider<JSONSnapshot>
        do {
            file = try await FileProvider<JSONSnapshot>(filePath: .init(config ?? "stockcast.json"), allowMissing: config == nil)
        } catch {
            throw CommandFailure("cannot read the configuration file \(config ?? "stockcast.json"): \(error)")
        }
        let reader = ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: flags),
            EnvironmentVariablesProvider().prefixKeys(with: "stockcast"),
            file,
        ])
        return Self.settings(from: reader)
    }

    /// Fails, saying what to do, when there is no database yet (commands that only read it
    /// must not create one).
    static func requireHistory(_ settings: DaemonSettings) throws {
        guard FileManager.default.fileExists(atPath: settings.databasePath) else {
            throw CommandFailure("there is no stored history yet (no \(settings.databasePath)): run the daemon on some files, or pass --csv FILE to train from a CSV")
        }
    }

    /// Reads every setting (DESIGN.md's defaults where a key is absent).
    static func settings(from c: ConfigReader) -> DaemonSettings {
        var s = DaemonSettings()
        s.inbox = c.string(forKey: "inbox", default: s.inbox)
        s.outbox = c.string(forKey: "outbox", default: s.outbox)
        s.models = c.string(forKey: "models", default: s.models)
        s.settleSeconds = c.double(forKey: "settleSeconds", default: s.settleSeconds)
        s.rescanSeconds = c.double(forKey: "rescanSeconds", default: s.rescanSeconds)
        s.horizon = c.int(forKey: "horizon", default: s.horizon)
        s.safetyFactor = c.double(forKey: "safetyFactor", default: s.safetyFactor)
        s.forecastDays = c.int(forKey: "forecastDays", default: s.forecastDays)
        s.policyKind = c.string(forKey: "policy", default: s.policyKind)
        s.serviceLevel = c.double(forKey: "serviceLevel", default: s.serviceLevel)
        s.leadTimeDays = c.int(forKey: "leadTimeDays", default: s.leadTimeDays)
        s.reviewDays = c.int(forKey: "reviewDays", default: s.reviewDays)
        s.thresholds.degradedMargin = c.double(forKey: "alerts.degradedMargin", default: s.thresholds.degradedMargin)
        s.thresholds.degradedDays = c.int(forKey: "alerts.degradedDays", default: s.thresholds.degradedDays)
        s.model.baselineMargin = c.double(forKey: "training.baselineMargin", default: s.model.baselineMargin)
        s.model.dropout = c.double(forKey: "training.dropout", default: s.model.dropout)
        s.model.outputDays = c.int(forKey: "training.outputDays", default: s.model.outputDays)
        s.model.salesLevelDays = c.int(forKey: "training.salesLevelDays", default: s.model.salesLevelDays)
        s.model.returnsLevelDays = c.int(forKey: "training.returnsLevelDays", default: s.model.returnsLevelDays)
        s.concurrency = c.int(forKey: "concurrency", default: s.concurrency)
        s.ingest.dateFormat = c.string(forKey: "dateFormat")
        s.thresholds.returnRate = c.double(forKey: "alerts.returnRate", default: s.thresholds.returnRate)
        s.thresholds.volatility = c.double(forKey: "alerts.volatility", default: s.thresholds.volatility)
        s.thresholds.inventorySpike = c.double(forKey: "alerts.inventorySpike", default: s.thresholds.inventorySpike)
        s.model.sequenceLength = c.int(forKey: "training.sequenceLength", default: s.model.sequenceLength)
        s.model.minimumExtraDays = c.int(forKey: "training.minimumExtraDays", default: s.model.minimumExtraDays)
        s.model.training.epochs = c.int(forKey: "training.epochs", default: s.model.training.epochs)
        s.model.training.batchSize = c.int(forKey: "training.batchSize", default: s.model.training.batchSize)
        s.model.training.patience = c.int(forKey: "training.patience", default: s.model.training.patience ?? 10)
        s.model.training.optimizer.learningRate = c.double(forKey: "training.learningRate", default: s.model.training.optimizer.learningRate)
        s.model.seed = UInt64(clamping: c.int(forKey: "training.seed", default: Int(s.model.seed)))
        s.fineTuning.epochs = c.int(forKey: "fineTuning.epochs", default: s.fineTuning.epochs)
        s.fineTuning.learningRate = c.double(forKey: "fineTuning.learningRate", default: s.fineTuning.learningRate)
        s.fineTuning.recentDays = c.int(forKey: "fineTuning.recentDays", default: s.fineTuning.recentDays)
        s.fineTuning.replayWindows = c.int(forKey: "fineTuning.replayWindows", default: s.fineTuning.replayWindows)
        s.fineTuning.validationDays = c.int(forKey: "fineTuning.validationDays", default: s.fineTuning.validationDays)
        s.fineTuning.rangeMargin = c.double(forKey: "fineTuning.rangeMargin", default: s.fineTuning.rangeMargin)
        return s
    }
}
