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
    /// Where an unreadable current file was set aside when the new model was written.
    var damagedKeptAt: String?
}

extension Pipeline {
    /// Maintains the pending series; returns how many, and the model each one has now (none:
    /// a baseline serves it).
    ///
    /// Each series is handled whole on a worker thread, one per core: its current model is read,
    /// updated (`ModelMaintenance`) and, when new, written as its current file (so the disk's
    /// flushes overlap the other workers' training). Then one transaction records every series.
    /// A kill before that transaction leaves them pending; the next run continues from the files.
    /// A model file that cannot be written fails the run, with the series still pending.
    func maintain(_ pending: [(product: String, series: SeriesKind)], histories: [String: ProductHistory],
                  forceFull: Bool) async throws -> (count: Int, models: [String: [SeriesKind: SeriesModel?]]) {
        guard !pending.isEmpty else { return (0, [:]) }
        let jobs = pending.compactMap { product, series in
            histories[product].map { TrainingJob(product: product, series: series, start: $0.start, values: $0.values(series)) }
        }
        let model = settings.model, tuning = settings.fineTuning, modelFiles = self.modelFiles, logger = self.logger
        logger.debug("training series", metadata: ["series": "\(jobs.count)"])
        let names = jobs.map { "\($0.product) \($0.series)" }
        let results = try await ParallelTraining.map(jobs, concurrency: settings.concurrency, { job, isCancelled in
            var outcome = MaintenanceOutcome(product: job.product, series: job.series, current: nil, unreadable: nil,
                                             update: .failure(CancellationError()))
            do {
                outcome.current = try modelFiles.read(product: job.product, series: job.series)
            } catch {
                outcome.unreadable = error
            }
            do {
                outcome.update = .success(try ModelMaintenance.update(job, current: outcome.current, forceFull: forceFull,
                                                                      configuration: model, fineTuning: tuning, isCancelled: isCancelled))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                outcome.update = .failure(error)
            }
            if case let .success(update) = outcome.update, update.isNew, let m = update.model {
                outcome.damagedKeptAt = try modelFiles.write(m).damagedKeptAt
            }
            return outcome
        }, progress: { p in
            guard p.total >= 4 else { return }
            logger.info("training progress", metadata: [
                "done": "\(p.completed)/\(p.total)", "series": "\(names[p.index])",
                "elapsed_s": "\(Int(p.elapsed))", "eta_s": "\(Int(p.remaining.rounded()))",
            ])
        })
        let outcomes = try results.map { try $0.get() }

        var models: [String: [SeriesKind: SeriesModel?]] = [:]
        var records: [MaintenanceRecord] = []
        for o in outcomes {
            switch o.update {
            case let .success(update):
                models[o.product, default: [:]][o.series] = update.model
                var registered: ModelRecord?
                if update.isNew, let m = update.model {
                    registered = ModelRecord(product: o.product, series: o.series, version: m.metadata.version,
                                             parentVersion: m.metadata.parentVersion, trainedThrough: m.metadata.trainedThrough,
                                             validationMAE: m.metadata.validationMAE, decision: update.decision)
                }
                records.append(MaintenanceRecord(product: o.product, series: o.series, decision: update.decision, registered: registered))
            case let .failure(error):
                // Marked done with the reason, so that a series that cannot train is not retried
                // on every file; its forecast stays with the current model or a baseline.
                models[o.product, default: [:]][o.series] = o.current
                records.append(MaintenanceRecord(product: o.product, series: o.series, decision: "not trained: \(error)", registered: nil))
            }
        }
        try database.recordMaintenance(records, at: .now())
        for (o, record) in zip(outcomes, records) {
            if let error = o.unreadable { fail("\(error); \(o.product) \(o.series) is trained afresh") }
            if let kept = o.damagedKeptAt { fail("unreadable model kept as \(kept)") }
            switch o.update {
            case let .success(update):
                logger.info("series maintained", metadata: [
                    "product": "\(o.product)", "series": "\(o.series.rawValue)", "decision": "\(record.decision)",
                    "seconds": "\(String(format: "%.2f", update.report?.seconds ?? 0))",
                ])
            case let .failure(error):
                fail("\(o.product) \(o.series): not trained: \(error)")
            }
        }
        return (jobs.count, models)
    }
}
