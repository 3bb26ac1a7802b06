import Neural
import StockcastCore

/// What maintenance did to one series' model.
package struct SeriesUpdate: Sendable {
    package var product: String
    package var series: SeriesKind
    /// The model to forecast with from now on; nil when there is none (a baseline serves).
    package var model: SeriesModel?
    /// True when `model` is new and must be saved (its version is then its parent + 1).
    package var isNew: Bool
    /// The method that serves the series from now on.
    package var source: ForecastMethod
    /// What was done and why.
    package var decision: MaintenanceDecision
    /// The training run, when there was one.
    package var report: TrainingReport?
}

/// The training policy for one series whose history changed (call it only for those):
/// - no model and at least `minimumHistory` days: initial training (the seed schedule);
/// - fewer days and no model: a statistical method serves, chosen on validation origins in the
///   history (`SeriesForecast.plan`; the seasonal mean when it is too short for that), said so
///   in the decision;
/// - a model and new days: fine-tuning from its weights once it is `intervalDays` days behind
///   its history, or sooner when the new days drift out of its band (`FineTuneSchedule`); the
///   tuned model replaces it only if it is not worse on the newest days, otherwise the current
///   model stays;
/// - a new value far outside the model's scaling, or `forceFull`: a full retrain.
/// Every training from scratch starts from `warmStart`'s base when one is given.
package enum ModelMaintenance {
    package static func update(
        _ job: TrainingJob,
        current: SeriesModel?,
        forceFull: Bool = false,
        configuration: ModelConfiguration,
        fineTuning: FineTuneConfiguration,
        warmStart: WarmStart? = nil,
        isCancelled: () -> Bool = { Task.isCancelled }
    ) throws -> SeriesUpdate {
        let days = job.values.count
        let needed = configuration.minimumHistory
        // Without a model and too short for one: the statistical choice on the history's own origins.
        let choice = current == nil && days < needed ? SeriesForecast.selection(job.context) : nil
        var update = SeriesUpdate(
            product: job.product, series: job.series, model: current, isNew: false,
            // Without a model a retrain sets the source; no choice is made here for it to discard.
            source: current.map { SeriesForecast.method($0, context: job.context) } ?? choice?.served ?? .seasonalMean,
            decision: .notTrained(reason: "not maintained"), report: nil)

        func retrain(_ why: MaintenanceDecision.Retrain) throws -> SeriesUpdate {
            var fresh = job
            fresh.parentVersion = current?.metadata.version
            let outcome = try InitialTraining.train(fresh, configuration: configuration, warmStart: warmStart, isCancelled: isCancelled)
            update.model = outcome.model
            update.isNew = true
            update.source = SeriesForecast.method(outcome.model, context: job.context)
            update.report = outcome.report
            update.decision = .trained(
                why, version: outcome.model.metadata.version, epochs: outcome.report.epochsRun,
                validationMAE: outcome.testMAE, selection: outcome.model.metadata.selection, base: outcome.model.metadata.baseModel)
            return update
        }

        guard let current else {
            guard days >= needed else {
                update.decision = .baseline(method: update.source, days: days, needed: needed, reason: choice?.reason ?? "")
                return update
            }
            return try retrain(.initial)
        }
        if forceFull {
            guard days >= needed else {
                update.decision = .keptTooShort(version: current.metadata.version, needed: needed, days: days)
                return update
            }
            return try retrain(.requested)
        }
        if let value = FineTuning.outOfRange(current, values: job.values, start: job.start, margin: fineTuning.rangeMargin),
            days >= needed
        {
            return try retrain(
                .outOfRange(
                    value: value, minimum: current.trainingRange.minimum,
                    maximum: current.trainingRange.maximum, marginPercent: fineTuning.rangeMargin * 100))
        }
        let schedule = FineTuneSchedule.of(current, job: job, configuration: fineTuning)
        guard schedule.isDue else {
            update.decision = .fineTuneNotDue(
                version: current.metadata.version, daysBehind: schedule.daysBehind, intervalDays: fineTuning.intervalDays,
                outside: schedule.outside, checked: schedule.checked)
            return update
        }
        let tuned = try FineTuning.tune(current, job: job, configuration: fineTuning, isCancelled: isCancelled)
        update.report = tuned.report
        if tuned.accepted {
            update.model = tuned.candidate
            update.isNew = true
            update.decision = .fineTuneAccepted(
                from: current.metadata.version, to: tuned.candidate.metadata.version,
                candidateMAE: tuned.candidateMAE, currentMAE: tuned.currentMAE,
                days: fineTuning.validationDays)
        } else {
            update.decision = .fineTuneRejected(
                version: current.metadata.version, candidateMAE: tuned.candidateMAE,
                currentMAE: tuned.currentMAE, days: fineTuning.validationDays)
        }
        return update
    }
}
