import Forecasting
import Logging
import StockcastCore
import Store

/// What maintaining one series came to, on its worker thread.
private struct MaintenanceOutcome: Sendable {
    var product: String
    var series: SeriesKind
    /// The model that was current, nil when there was none or it could not be read.
    var current: SeriesModel?
    /// Why the current model file could not be read, if it could not.
    var unreadable: (any Error)?
    /// The update, or why the series could not be trained.
    var update: Result<SeriesUpdate, any Error>
    /// The decision recorded for the series.
    var decision = ""
    /// Where an unreadable current file was set aside when the new model was written.
    var damagedKeptAt: String?
    /// Why the new model could not be written or the series recorded (it stays pending).
    var storeError: (any Error)?
}

extension Pipeline {
    /// Maintains the pending series; returns how many, and the model each one has now (none:
    /// a baseline serves it).
    ///
    /// Each series is handled whole on a worker thread, one per core: its current model is read,
    /// updated (`ModelMaintenance`), written when new, and the series recorded as done at once —
    /// so the disk's flushes overlap the other worker's training, and a kill or a shutdown
    /// leaves every series either done (file and record) or pending. A model file that cannot be
    /// written, or a record that cannot be stored, leaves its series pending and fails the run
    /// once every worker has finished and been reported.
    func maintain(_ pending: [(product: String, series: SeriesKind)], histories: [String: ProductHistory],
                  forceFull: Bool) async throws -> (count: Int, models: [String: [SeriesKind: SeriesModel?]]) {
        guard !pending.isEmpty else { return (0, [:]) }
        let jobs = pending.compactMap { product, series in
            histories[product].map { TrainingJob(product: product, series: series, start: $0.start, values: $0.values(series)) }
        }
        let model = settings.model, tuning = settings.fineTuning, modelFiles = self.modelFiles, database = self.database
        let logger = self.logger
        logger.debug("training series", metadata: ["series": "\(jobs.count)"])
        let names = jobs.map { "\($0.product) \($0.series)" }
        let results = try await ParallelTraining.map(jobs, concurrency: settings.concurrency, { job, isCancelled in
            var o = MaintenanceOutcome(product: job.product, series: job.series, current: nil, unreadable: nil,
                                       update: .failure(CancellationError()))
            do {
                o.current = try modelFiles.read(product: job.product, series: job.series)
            } catch {
                o.unreadable = error
            }
            do {
                o.update = .success(try ModelMaintenance.update(job, current: o.current, forceFull: forceFull,
                                                                configuration: model, fineTuning: tuning, isCancelled: isCancelled))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                o.update = .failure(error)
            }
            var registered: ModelRecord?
            switch o.update {
            case let .success(update):
                o.decision = update.decision
                if update.isNew, let m = update.model {
                    registered = ModelRecord(product: job.product, series: job.series, version: m.metadata.version,
                                             parentVersion: m.metadata.parentVersion, trainedThrough: m.metadata.trainedThrough,
                                             validationMAE: m.metadata.validationMAE, decision: update.decision)
                }
            case let .failure(error):
                // Recorded as done with the reason, so that a series that cannot train is not
                // retried on every file; its forecast stays with the current model or a baseline.
                o.decision = "not trained: \(error)"
            }
            do {
                if let m = try? o.update.get().model, registered != nil {
                    o.damagedKeptAt = try modelFiles.write(m).damagedKeptAt
                }
                try database.recordMaintenance([MaintenanceRecord(product: job.product, series: job.series, decision: o.decision,
                                                                  registered: registered)], at: .now())
            } catch {
                o.storeError = error
            }
            return o
        }, progress: { p in
            guard p.total >= 4 else { return }
            logger.info("training progress", metadata: [
                "done": "\(p.completed)/\(p.total)", "series": "\(names[p.index])",
                "elapsed_s": "\(Int(p.elapsed))", "eta_s": "\(Int(p.remaining.rounded()))",
            ])
        })
        let outcomes = try results.map { try $0.get() }

        var models: [String: [SeriesKind: SeriesModel?]] = [:]
        var storeError: (any Error)?
        for o in outcomes {
            if let error = o.unreadable { fail("\(error); \(o.product) \(o.series) is trained afresh") }
            if let kept = o.damagedKeptAt { fail("unreadable model kept as \(kept)") }
            if let error = o.storeError {
                fail("\(o.product) \(o.series): \(error); the series stays pending")
                storeError = storeError ?? error
                continue
            }
            switch o.update {
            case let .success(update):
                models[o.product, default: [:]][o.series] = update.model
                logger.info("series maintained", metadata: [
                    "product": "\(o.product)", "series": "\(o.series.rawValue)", "decision": "\(o.decision)",
                    "seconds": "\(String(format: "%.2f", update.report?.seconds ?? 0))",
                ])
            case let .failure(error):
                models[o.product, default: [:]][o.series] = o.current
                fail("\(o.product) \(o.series): not trained: \(error)")
            }
        }
        if let storeError { throw storeError }
        return (jobs.count, models)
    }
}
