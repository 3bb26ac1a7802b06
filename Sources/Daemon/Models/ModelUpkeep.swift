import Forecasting
import Logging
import StockcastCore
import Store

/// What maintaining one series came to, on its worker thread.
private struct MaintenanceOutcome: Sendable {
    var product: String
    var series: SeriesKind
    /// Why the current model file could not be read, if it could not.
    var unreadable: (any Error)?
    /// The series' forecast, made on the worker with the model that serves from now on (none: a
    /// baseline), and that model's metadata. Not the model itself: the outcomes of a whole
    /// catalogue are held until the pass ends, and ten thousand products' weights are gigabytes.
    var forecast: MaintainedForecast?
    /// The decision recorded for the series.
    var decision = MaintenanceDecision.notTrained(reason: "not maintained")
    /// Why the series could not be trained, if it could not.
    var failure: (any Error)?
    /// Seconds of training.
    var seconds = 0.0
    /// Where an unreadable current file was set aside when the new model was written.
    var damagedKeptAt: String?
    /// Why the new model could not be written or the series recorded (it stays pending).
    var storeError: (any Error)?
}

/// The second stage: brings the models of the series whose history changed up to date.
struct ModelUpkeep: Sendable {
    let modelFiles: ModelFiles
    let database: StockcastDatabase
    let logger: Logger

    /// What a pass came to: how many series it maintained, the forecast of each (`daysForecast` days,
    /// made with the model in hand, so that the forecast stage reads no model file again), and
    /// the problems to report (each also logged by the caller).
    struct Result: Sendable {
        var count = 0
        var forecasts: [SeriesKey: MaintainedForecast] = [:]
        var problems: [String] = []
    }

    /// Maintains the pending series and forecasts each `settings.daysForecast` days ahead.
    ///
    /// Each series is handled whole on a worker thread, one per core: its current model is read,
    /// updated (`ModelMaintenance`), written when new, and the series recorded as done at once —
    /// so the disk's flushes overlap the other worker's training, and a kill or a shutdown
    /// leaves every series either done (file and record) or pending. A current model missing from
    /// the registry was written by a run killed before recording it: it is registered, and kept
    /// without training again when it already covers the history. A model file that cannot be
    /// written, or a record that cannot be stored, leaves its series pending and fails the run
    /// once every worker has finished; the problems so far are in the error.
    func run(
        _ pending: [(product: String, series: SeriesKind)], histories: [String: ProductHistory],
        forceFull: Bool, settings: DaemonSettings
    ) async throws -> Result {
        let days = settings.daysForecast
        guard !pending.isEmpty else { return Result() }
        let jobs = pending.compactMap { product, series in
            histories[product].map { TrainingJob($0, series) }
        }
        let model = settings.model, tuning = settings.fineTuning, modelFiles = self.modelFiles, database = self.database
        let logger = self.logger
        let (starts, warmProblems) = try await warmStarts(for: jobs, forceFull: forceFull, settings: settings)
        logger.debug("training series", metadata: ["series": "\(jobs.count)"])
        let names = jobs.map { "\($0.product) \($0.series)" }
        let mapped = try await ParallelTraining.map(
            jobs, concurrency: settings.concurrency,
            { job, isCancelled in
                var o = MaintenanceOutcome(product: job.product, series: job.series)
                func record(_ m: SeriesModel, _ decision: String) -> ModelRecord {
                    ModelRecord(
                        product: job.product, series: job.series, version: m.metadata.version, parentVersion: m.metadata.parentVersion,
                        trainedThrough: m.metadata.trainedThrough, validationMAE: m.metadata.validationMAE, decision: decision)
                }
                var current: SeriesModel?
                do {
                    current = try modelFiles.read(product: job.product, series: job.series)
                } catch {
                    o.unreadable = error
                }
                var registered: [ModelRecord] = []
                var interrupted = false
                if let c = current, !((try? database.isRegistered(product: job.product, series: job.series, version: c.metadata.version)) ?? true) {
                    interrupted = true
                    registered.append(record(c, "written by a run stopped before recording it"))
                }
                var new: SeriesModel?
                var serving: SeriesModel?
                if let c = current, interrupted, !forceFull, c.metadata.trainedThrough >= job.start.advanced(by: job.values.count - 1) {
                    serving = c
                    o.decision = .keptInterrupted(version: c.metadata.version, trainedThrough: c.metadata.trainedThrough)
                } else {
                    do {
                        let update = try ModelMaintenance.update(
                            job, current: current, forceFull: forceFull, configuration: model,
                            fineTuning: tuning, warmStart: starts[job.series], isCancelled: isCancelled)
                        serving = update.model
                        o.decision = update.decision
                        o.seconds = update.report?.seconds ?? 0
                        if update.isNew, let m = update.model {
                            new = m
                            registered.append(record(m, update.decision.description))
                        }
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        // Recorded as done with the reason, so that a series that cannot train is not
                        // retried on every file; its forecast stays with the current model or a baseline.
                        serving = current
                        o.failure = error
                        o.decision = .notTrained(reason: "\(error)")
                    }
                }
                do {
                    if let new { o.damagedKeptAt = try modelFiles.write(new).damagedKeptAt }
                    try database.recordMaintenance(
                        MaintenanceRecord(
                            product: job.product, series: job.series, decision: o.decision.description,
                            registered: registered), at: .now())
                } catch {
                    o.storeError = error
                }
                o.forecast = MaintainedForecast(
                    prediction: SeriesForecast.predict(serving, context: job.context, horizon: days), metadata: serving?.metadata)
                return o
            },
            progress: { p in
                guard p.total >= 4 else { return }
                logger.info(
                    "training progress",
                    metadata: [
                        "done": "\(p.completed)/\(p.total)", "series": "\(names[p.index])",
                        "elapsed_s": "\(Int(p.elapsed))", "eta_s": "\(Int(p.remaining.rounded()))",
                    ])
            })
        var result = Result(count: jobs.count)
        result.problems = warmProblems
        let outcomes = try mapped.map { try $0.get() }
        var storeError: (any Error)?
        for o in outcomes {
            if let error = o.unreadable { result.problems.append("\(error); \(o.product) \(o.series) is trained afresh") }
            if let kept = o.damagedKeptAt { result.problems.append("unreadable model kept as \(kept)") }
            if let error = o.storeError {
                result.problems.append("\(o.product) \(o.series): \(error); the series stays pending")
                storeError = storeError ?? error
                continue
            }
            result.forecasts[SeriesKey(product: o.product, series: o.series)] = o.forecast
            if let error = o.failure {
                result.problems.append("\(o.product) \(o.series): not trained: \(error)")
            } else {
                logger.info(
                    "series maintained",
                    metadata: [
                        "product": "\(o.product)", "series": "\(o.series.rawValue)", "decision": "\(o.decision)",
                        "seconds": "\(String(format: "%.2f", o.seconds))",
                    ])
            }
        }
        if let storeError { throw UpkeepFailure(underlying: storeError, problems: result.problems) }
        return result
    }
}

/// A pass of `ModelUpkeep` whose results could not all be stored: the first such error, and
/// the problems reported before it (cancellation and training errors are thrown as they are).
struct UpkeepFailure: Error, CustomStringConvertible {
    var underlying: any Error
    var problems: [String]
    var description: String { "\(underlying)" }
}
