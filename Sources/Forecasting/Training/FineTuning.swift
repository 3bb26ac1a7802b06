import Neural
import StockcastCore

/// How a model is brought up to date when new days arrive, without training from scratch.
///
/// A daily update trains every window whose target lies in the last `recentDays` days before
/// the validation days, plus `replayWindows` older windows drawn at random (against forgetting
/// the rest of the year), for `epochs` epochs at a third of the seed's learning rate. The newest
/// `validationDays` days decide: the tuned model replaces the current one only if its mean
/// absolute error on them is not worse.
///
/// The defaults (28 + 16 windows, 2 epochs) were measured against the earlier 60 + 32 windows,
/// 3 epochs (`stockcast-bench finetune`: 30 daily updates, each scored on the next 30 days; seed
/// data, Superstore categories and sub-categories, 50 series): forecast MAE equal or lower on
/// five of the six series groups and 0.5 % higher on one (Superstore category returns), at about
/// 40 % of the time per update — what lets a daily file for 1,000 products publish within a minute.
package struct FineTuneConfiguration: Sendable, Equatable, Codable {
    /// Days whose windows are always trained on, counted back from the validation days.
    package var recentDays: Int = 28
    /// Older windows replayed alongside the recent ones (drawn reproducibly).
    package var replayWindows: Int = 16
    /// Passes over the fine-tuning windows.
    package var epochs: Int = 2
    /// Adam step size (the seed's initial training uses 0.001).
    package var learningRate: Double = 0.0003
    /// Samples per gradient step.
    package var batchSize: Int = 32
    /// Newest days held out to compare the tuned model with the current one.
    package var validationDays: Int = 14
    /// A new value further outside the scaler's fitted [min, max] than this fraction of its
    /// range makes the model retrain from scratch instead (its scaling no longer fits).
    package var rangeMargin: Double = 0.25
    /// Days of new history after which a model is fine-tuned (1: every day); sooner when more
    /// than `driftShare` (a fraction) of at least `driftMinimumDays` new days fall outside its
    /// 95 % band (`FineTuneSchedule`).
    package var intervalDays: Int = 7
    package var driftShare: Double = 0.25
    package static let driftMinimumDays = 3

    package init() {}

    /// Why this configuration cannot fine-tune, or nil.
    package var problem: String? {
        guard (1...3650).contains(recentDays), (0...100_000).contains(replayWindows), (1...10_000).contains(epochs),
            (1...4096).contains(batchSize), (1...3650).contains(validationDays), (1...3650).contains(intervalDays)
        else {
            return
                "fine-tuning needs 1–3650 recent days, 0–100000 replay windows, 1–10000 epochs, a batch of 1–4096, 1–3650 validation days and an interval of 1–3650 days"
        }
        guard driftShare >= 0, driftShare <= 1 else { return "fine-tuning drift share must be a fraction from 0 to 1" }
        guard learningRate > 0, learningRate.isFinite, learningRate < 10, rangeMargin >= 0, rangeMargin.isFinite else {
            return "fine-tuning learning rate must be positive and the range margin not negative"
        }
        return nil
    }
}

/// The result of fine-tuning one series.
package struct FineTuneOutcome: Sendable {
    /// The tuned model (version + 1), whether or not it was accepted.
    package var candidate: SeriesModel
    /// True when the candidate is not worse on the validation days and replaces the current model.
    package var accepted: Bool
    /// Mean absolute error on the validation days, units/day: current model, then candidate.
    package var currentMAE: Double
    package var candidateMAE: Double
    package var report: TrainingReport
}

/// Incremental training of an existing model on its series' new history.
package enum FineTuning {
    /// Whether `values` (the whole series, from `start`) has a day after the model was trained
    /// that lies outside the range of its training series by more than `margin` of that range.
    package static func outOfRange(_ model: SeriesModel, values: [Double], start: Day, margin: Double) -> Double? {
        let range = model.trainingRange
        let first = max(0, start.distance(to: model.metadata.trainedThrough) + 1)
        guard first < values.count else { return nil }
        let low = range.minimum - margin * range.range, high = range.maximum + margin * range.range
        return values[first...].first { $0 < low || $0 > high }
    }

    /// Fine-tunes `model` on `job`'s series (which must start on the model's first day or
    /// earlier and cover at least its window plus the validation days).
    package static func tune(
        _ model: SeriesModel, job: TrainingJob, configuration: FineTuneConfiguration,
        isCancelled: () -> Bool = { Task.isCancelled }
    ) throws -> FineTuneOutcome {
        if let problem = configuration.problem { throw ForecastingError.invalidConfiguration(problem) }
        let encoding = model.metadata.encoding
        let origins = encoding.origins(count: job.values.count)
        let validationCount = min(configuration.validationDays, origins.count - 1)
        guard validationCount >= 1 else {
            throw ForecastingError.insufficientHistory(
                product: job.product, series: job.series, days: job.values.count,
                needed: encoding.history + encoding.outputDays + 1)
        }
        // Windows by their index among all origins, oldest first; only the ones used are built.
        let validationStart = origins.count - validationCount
        let recentStart = max(0, validationStart - configuration.recentDays)
        var chosen = Array(recentStart..<validationStart)
        let seed = InitialTraining.seed(
            base: model.metadata.seed &+ UInt64(model.metadata.version), product: job.product,
            series: job.series)
        var generator = SeededGenerator(seed: seed)
        var older = Array(0..<recentStart)
        generator.shuffle(&older)
        chosen += older.prefix(configuration.replayWindows).sorted()
        let training = encoding.windows(job.values, start: job.start, origins: chosen.map { origins.lowerBound + $0 }).data
        let validationOrigins = (origins.lowerBound + validationStart)..<origins.upperBound
        let (validation, scales) = encoding.windows(job.values, start: job.start, origins: validationOrigins)
        func unitMAE(_ network: Network) -> Double {
            Windows.mae(
                model.forecasts(
                    validation, scales: scales, origins: validationOrigins.map { job.start.advanced(by: $0) },
                    network: network),
                values: job.values, origins: validationOrigins)
        }
        let network = model.network()
        let currentMAE = unitMAE(network)
        var schedule = TrainingConfiguration(
            epochs: configuration.epochs, batchSize: configuration.batchSize, patience: nil,
            optimizer: AdamConfiguration(learningRate: configuration.learningRate))
        schedule.seed = seed
        let report = try Trainer(configuration: schedule).fit(
            network, training: training, validation: validation,
            isCancelled: isCancelled)
        guard let best = report.best else {
            throw ForecastingError.trainingDiverged(product: job.product, series: job.series)
        }
        let candidateMAE = unitMAE(network)
        var metadata = model.metadata
        metadata.trainedThrough = job.start.advanced(by: job.values.count - 1)
        metadata.trainingLoss = best.trainingLoss
        metadata.validationLoss = best.validationLoss ?? .nan
        metadata.validationMAE = candidateMAE
        metadata.epochs = report.epochsRun
        metadata.bestEpoch = report.bestEpoch
        metadata.parentVersion = model.metadata.version
        metadata.version = model.metadata.version + 1
        let candidate = SeriesModel(tensors: network.tensors, metadata: metadata)
        return FineTuneOutcome(
            candidate: candidate, accepted: metadata.validationMAE <= currentMAE,
            currentMAE: currentMAE, candidateMAE: metadata.validationMAE, report: report)
    }
}
