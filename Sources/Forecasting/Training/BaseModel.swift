import Neural
import StockcastCore

/// A network trained once on the pooled windows of many series of one kind (inputs are
/// level-normalised, so series of any volume pool), from which each series' own model starts
/// and is tuned for a few epochs instead of training from random weights (cross-learning).
/// Each series keeps its own model file; the base only shortens the way to it.
package struct BaseModel: Sendable {
    package var series: SeriesKind
    package var tensors: [String: Tensor]
    /// The newest day of the histories the base was trained on.
    package var trainedThrough: Day
    /// Series and windows pooled, and epochs run.
    package var seriesCount: Int
    package var windows: Int
    package var epochs: Int
    /// What the base was trained for (`fingerprint(configuration:warmStart:series:)`): a base of
    /// other settings is not used.
    package var fingerprint: String

    /// The first 16 hex digits of the SHA-256 of the weights alone (the safetensors encoding of
    /// the tensors without metadata; the base file's `digest` holds it): the version each model
    /// tuned from the base records (`ModelMetadata.baseModel`).
    package var digest: String {
        String(StableDigest.sha256Hex(Safetensors.encode(SafetensorsFile(tensors: tensors))).prefix(16))
    }

    /// Trains the base on the jobs of `series` with at least `minimumHistory` days: at most
    /// `warmStart.windowBudget` training windows in all (the same number from each series, at
    /// most 120, evenly spaced over the older `trainFraction` of its windows; the rest of the
    /// same spacing validates; with more series than the budget, an evenly spaced selection of
    /// them, one window each) for `warmStart.epochs(windows:)` epochs. nil without such jobs.
    package static func train(
        _ jobs: [TrainingJob], series: SeriesKind, configuration: ModelConfiguration, warmStart: WarmStartConfiguration,
        isCancelled: () -> Bool = { Task.isCancelled }
    ) throws -> BaseModel? {
        let encoding = configuration.encoding(series)
        var pooled = Self.pooled(jobs, series: series, configuration: configuration)
        guard !pooled.isEmpty else { return nil }
        let budget = max(1, warmStart.windowBudget)
        if pooled.count > budget {
            let all = pooled
            pooled = (0..<budget).map { all[$0 * all.count / budget] }
        }
        let windowsPerSeries = max(1, min(120, warmStart.windowBudget / pooled.count))
        var inputs: [Float] = [], targets: [Float] = []
        var validationInputs: [Float] = [], validationTargets: [Float] = []
        var newest = pooled[0].start
        for job in pooled {
            newest = max(newest, job.start.advanced(by: job.values.count - 1))
            let origins = encoding.origins(count: job.values.count)
            let cut = origins.lowerBound + Int(Double(origins.count) * configuration.trainFraction)
            let step = max(1, (cut - origins.lowerBound) / windowsPerSeries)
            let chosen = Array(stride(from: origins.lowerBound, to: cut, by: step).prefix(windowsPerSeries))
            let validation = Array(stride(from: cut, to: origins.upperBound, by: step))
            let t = encoding.windows(job.values, start: job.start, origins: chosen).data
            inputs += t.inputs
            targets += t.targets
            let v = encoding.windows(job.values, start: job.start, origins: validation).data
            validationInputs += v.inputs
            validationTargets += v.targets
        }
        guard !targets.isEmpty else { return nil }
        let f = SeriesEncoding.features
        let training = SequenceDataset(steps: encoding.length, features: f, outputs: encoding.outputDays, inputs: inputs, targets: targets)
        let validation = SequenceDataset(
            steps: encoding.length, features: f, outputs: encoding.outputDays, inputs: validationInputs, targets: validationTargets)
        let seed = configuration.seed &+ (series == .sales ? 11 : 13)
        let network = Network(inputFeatures: f, architecture: configuration.architecture, seed: seed)
        var schedule = configuration.training
        schedule.epochs = warmStart.epochs(windows: training.count)
        schedule.seed = seed
        let report = try Trainer(configuration: schedule).fit(network, training: training, validation: validation, isCancelled: isCancelled)
        guard report.best != nil else { return nil }
        return BaseModel(
            series: series, tensors: network.tensors, trainedThrough: newest, seriesCount: pooled.count,
            windows: training.count, epochs: report.epochsRun,
            fingerprint: fingerprint(configuration: configuration, warmStart: warmStart, series: series))
    }

    /// The jobs a base of `series` pools: those of the kind with at least
    /// `configuration.minimumHistory` days (the ones that can train an LSTM).
    package static func pooled(_ jobs: [TrainingJob], series: SeriesKind, configuration: ModelConfiguration) -> [TrainingJob] {
        jobs.filter { $0.series == series && $0.values.count >= configuration.minimumHistory }
    }

    /// A stable name for everything a base's training depends on: the series kind, the network
    /// and its inputs, the windows and split, the optimiser, the seed, and the base's epochs,
    /// passes and window budget (not the series' own schedule, validation or selection settings).
    package static func fingerprint(configuration c: ModelConfiguration, warmStart w: WarmStartConfiguration, series: SeriesKind) -> String {
        let text = [
            "series=\(series.rawValue)", "architecture=\(ModelMetadata.kerasDescription(c.architecture))",
            "sequence_length=\(c.sequenceLength)", "level_days=\(c.levelDays(series))", "weekday_days=\(c.weekdayDays)",
            "minimum_history=\(c.minimumHistory)", "train_fraction=\(c.trainFraction)", "batch=\(c.training.batchSize)",
            "learning_rate=\(c.training.optimizer.learningRate)", "seed=\(c.seed)", "base_epochs=\(w.baseEpochs)",
            "base_passes=\(w.basePasses)", "window_budget=\(w.windowBudget)",
        ].joined(separator: " ")
        return String(StableDigest.sha256Hex(Array(text.utf8)).prefix(16))
    }

    /// Whether this base can start the `series` models of `configuration` under `warmStart`.
    package func fits(configuration: ModelConfiguration, warmStart: WarmStartConfiguration) -> Bool {
        fingerprint == Self.fingerprint(configuration: configuration, warmStart: warmStart, series: series)
    }
}

/// When series are trained from a shared base model (`BaseModel`) rather than from random weights.
package struct WarmStartConfiguration: Sendable, Equatable, Codable {
    /// Series of one kind trained from scratch in one pass from which a base is trained for them
    /// (0: never warm-start). Fewer reuse a stored base, or train from random weights without one.
    package var minimumSeries: Int = 50
    /// Epochs of the base's training at most; fewer when its windows are many, so that it trains
    /// on at most `basePasses` windows in all (epochs × windows), in at least 2 epochs.
    package var baseEpochs: Int = 20
    package var basePasses: Int = 120_000
    /// Epochs each series' model is tuned from the base (the best epoch's weights are kept).
    package var tuningEpochs: Int = 2
    /// Most windows the base trains on, over all series.
    package var windowBudget: Int = 24_000
    /// Days of newer history after which a stored base is trained again, when a pass has
    /// `minimumSeries` series to train from it.
    package var refreshDays: Int = 182

    package init() {}

    /// The epochs of a base trained on `windows` windows.
    package func epochs(windows: Int) -> Int {
        max(min(2, baseEpochs), min(baseEpochs, basePasses / max(1, windows)))
    }

    /// Why this configuration cannot warm-start, or nil.
    package var problem: String? {
        guard (0...1_000_000).contains(minimumSeries), (1...10_000).contains(baseEpochs), (1...10_000).contains(tuningEpochs),
            (1...10_000_000).contains(windowBudget), (1...1_000_000_000).contains(basePasses), (1...36_500).contains(refreshDays)
        else {
            return
                "warm start needs 0–1000000 minimum series, 1–10000 base and tuning epochs, a window budget of 1–10000000, 1–1000000000 base passes and 1–36500 refresh days"
        }
        return nil
    }
}

/// A base model and how each series trained from scratch is tuned from it.
package struct WarmStart: Sendable {
    package let base: BaseModel
    /// Epochs each series' model is tuned from the base.
    package let tuningEpochs: Int
    /// The base's digest, recorded in each model tuned from it.
    package let digest: String

    package init(base: BaseModel, tuningEpochs: Int) {
        self.base = base
        self.tuningEpochs = tuningEpochs
        digest = base.digest
    }
}
