import Neural
import StockcastCore

/// What maintenance did to one series' model.
public struct SeriesUpdate: Sendable {
    public var product: String
    public var series: SeriesKind
    /// The model to forecast with from now on; nil when there is none (a baseline serves).
    public var model: SeriesModel?
    /// True when `model` is new and must be saved (its version is then its parent + 1).
    public var isNew: Bool
    /// The method that serves the series from now on.
    public var source: ForecastMethod
    /// What was done and why, in a sentence for logs and reports.
    public var decision: String
    /// The training run, when there was one.
    public var report: TrainingReport?
}

/// The training policy for one series whose history changed (call it only for those):
/// - no model and at least `minimumHistory` days: initial training (the seed schedule);
/// - fewer days and no model: a baseline serves (Holt–Winters from four weeks, seasonal naive
///   below), said so in the decision;
/// - a model and new days: fine-tuning from its weights; the tuned model replaces it only if it is
///   not worse on the newest days, otherwise the current model stays;
/// - a new value far outside the model's scaling, or `forceFull`: a full retrain.
public enum ModelMaintenance {
    public static func update(
        _ job: TrainingJob,
        current: SeriesModel?,
        forceFull: Bool = false,
        configuration: ModelConfiguration,
        fineTuning: FineTuneConfiguration,
        isCancelled: () -> Bool = { Task.isCancelled }
    ) throws -> SeriesUpdate {
        var update = SeriesUpdate(product: job.product, series: job.series, model: current, isNew: false,
                                  source: SeriesForecast.method(current, historyDays: job.values.count), decision: "", report: nil)
        let days = job.values.count
        let needed = configuration.minimumHistory

        func retrain(_ why: String) throws -> SeriesUpdate {
            var fresh = job
            fresh.parentVersion = current?.metadata.version
            let outcome = try InitialTraining.train(fresh, configuration: configuration, isCancelled: isCancelled)
            update.model = outcome.model
            update.isNew = true
            update.source = SeriesForecast.method(outcome.model, historyDays: days)
            update.report = outcome.report
            update.decision = String(format: "%@: v%d trained from scratch, %d epochs, validation MAE %.2f; %@",
                                     why, outcome.model.metadata.version, outcome.report.epochsRun, outcome.testMAE,
                                     outcome.model.metadata.selection)
            return update
        }

        guard let current else {
            guard days >= needed else {
                update.decision = "\(update.source): \(days) days of history, \(needed) needed for an LSTM"
                return update
            }
            return try retrain("initial training")
        }
        if forceFull {
            guard days >= needed else {
                update.decision = "kept v\(current.metadata.version): a full retrain needs \(needed) days, the history has \(days)"
                return update
            }
            return try retrain("full retrain requested")
        }
        if let value = FineTuning.outOfRange(current, values: job.values, start: job.start, margin: fineTuning.rangeMargin),
           days >= needed {
            return try retrain(String(format: "full retrain: %.0f is outside the trained range [%.0f, %.0f] by more than %.0f %%",
                                      value, current.trainingRange.minimum, current.trainingRange.maximum, fineTuning.rangeMargin * 100))
        }
        let tuned = try FineTuning.tune(current, job: job, configuration: fineTuning, isCancelled: isCancelled)
        update.report = tuned.report
        if tuned.accepted {
            update.model = tuned.candidate
            update.isNew = true
            update.decision = String(format: "fine-tuned v%d → v%d, accepted: validation MAE %.2f ≤ %.2f over the last %d days",
                                     current.metadata.version, tuned.candidate.metadata.version, tuned.candidateMAE,
                                     tuned.currentMAE, fineTuning.validationDays)
        } else {
            update.decision = String(format: "fine-tune rejected, kept v%d: validation MAE %.2f > %.2f over the last %d days",
                                     current.metadata.version, tuned.candidateMAE, tuned.currentMAE, fineTuning.validationDays)
        }
        return update
    }
}
