import ArgumentParser
import Configuration
import Daemon
import Forecasting
import Foundation
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

    /// The settings in force.
    func settings() async throws -> DaemonSettings {
        var flags: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in [("inbox", inbox), ("outbox", outbox), ("models", models)] {
            if let value { flags[AbsoluteConfigKey(stringLiteral: key)] = .init(.string(value), isSecret: false) }
        }
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
        let settings = Self.settings(from: reader)
        // Every command refuses settings that cannot run (exit 64, the key and why); a reload
        // refuses them the same way and keeps the settings in force.
        if let problem = settings.problem { throw ValidationError("invalid settings: \(problem)") }
        return settings
    }

    /// Fails, saying what to do, when there is no database yet (commands that only read it
    /// must not create one).
    static func requireHistory(_ settings: DaemonSettings) throws {
        guard FileManager.default.fileExists(atPath: settings.databasePath) else {
            throw CommandFailure(
                "there is no stored history yet (no \(settings.databasePath)): run the daemon on some files, or pass --csv FILE to train from a CSV")
        }
    }

    /// Reads every setting (DESIGN.md's defaults where a key is absent).
    static func settings(from c: ConfigReader) -> DaemonSettings {
        var s = DaemonSettings()
        // Settings read as text, by configuration key.
        let strings: [(String, WritableKeyPath<DaemonSettings, String>)] = [
            ("inbox", \.inbox), ("outbox", \.outbox), ("models", \.models),
            ("earliestDate", \.earliestDate),
        ]
        // Settings read as numbers, by configuration key.
        let doubles: [(String, WritableKeyPath<DaemonSettings, Double>)] = [
            ("settleSeconds", \.settleSeconds), ("rescanSeconds", \.rescanSeconds), ("safetyFactor", \.safetyFactor),
            ("serviceLevel", \.serviceLevel), ("databaseBusySeconds", \.databaseBusySeconds),
            ("alerts.returnRate", \.thresholds.returnRate), ("alerts.volatility", \.thresholds.volatility),
            ("alerts.inventorySpike", \.thresholds.inventorySpike), ("alerts.degradedMargin", \.thresholds.degradedMargin),
            ("training.learningRate", \.model.training.optimizer.learningRate), ("training.baselineMargin", \.model.baselineMargin),
            ("training.dropout", \.model.dropout),
            ("fineTuning.learningRate", \.fineTuning.learningRate), ("fineTuning.rangeMargin", \.fineTuning.rangeMargin),
            ("fineTuning.driftShare", \.fineTuning.driftShare),
            ("maxQuantity", \.maxQuantity), ("moq", \.moq), ("packSize", \.packSize),
            ("alerts.overstockDays", \.thresholds.overstockDays),
        ]
        // Settings read as whole numbers, by configuration key.
        let ints: [(String, WritableKeyPath<DaemonSettings, Int>)] = [
            ("horizon", \.horizon), ("forecastDays", \.forecastDays), ("concurrency", \.concurrency), ("maxProducts", \.maxProducts),
            ("leadTimeDays", \.leadTimeDays), ("reviewDays", \.reviewDays), ("alerts.degradedDays", \.thresholds.degradedDays),
            ("training.sequenceLength", \.model.sequenceLength), ("training.outputDays", \.model.outputDays),
            ("training.salesLevelDays", \.model.salesLevelDays), ("training.weekdayDays", \.model.weekdayDays),
            ("training.returnsLevelDays", \.model.returnsLevelDays),
            ("training.minimumExtraDays", \.model.minimumExtraDays), ("training.epochs", \.model.training.epochs),
            ("training.batchSize", \.model.training.batchSize),
            ("fineTuning.epochs", \.fineTuning.epochs), ("fineTuning.recentDays", \.fineTuning.recentDays),
            ("fineTuning.replayWindows", \.fineTuning.replayWindows), ("fineTuning.validationDays", \.fineTuning.validationDays),
            ("fineTuning.intervalDays", \.fineTuning.intervalDays),
            ("warmStart.minimumSeries", \.warmStart.minimumSeries), ("warmStart.baseEpochs", \.warmStart.baseEpochs),
            ("warmStart.tuningEpochs", \.warmStart.tuningEpochs), ("warmStart.windowBudget", \.warmStart.windowBudget),
            ("warmStart.refreshDays", \.warmStart.refreshDays),
            ("warmStart.basePasses", \.warmStart.basePasses),
        ]
        for (key, path) in strings { s[keyPath: path] = c.string(forKey: ConfigKey(key), default: s[keyPath: path]) }
        for (key, path) in doubles { s[keyPath: path] = c.double(forKey: ConfigKey(key), default: s[keyPath: path]) }
        for (key, path) in ints { s[keyPath: path] = c.int(forKey: ConfigKey(key), default: s[keyPath: path]) }
        let policy = c.string(forKey: "policy", default: s.policyKind.rawValue)
        if let kind = InventoryPolicy.Kind(rawValue: policy) {
            s.policyKind = kind
        } else {
            s.unreadable.append("policy \(policy) (\(InventoryPolicy.Kind.allCases.map(\.rawValue).joined(separator: " or ")))")
        }
        s.ingest.dateFormat = c.string(forKey: "dateFormat")
        if let separator = c.string(forKey: "decimalSeparator") {
            if let configured = DecimalSeparator(configured: separator) {
                s.ingest.decimalSeparator = configured
            } else {
                s.unreadable.append("decimalSeparator \(separator) (\".\" or \",\")")
            }
        }
        s.model.training.patience = c.int(forKey: "training.patience", default: s.model.training.patience ?? 10)
        s.model.seed = UInt64(clamping: c.int(forKey: "training.seed", default: Int(s.model.seed)))
        return s
    }
}
