import Forecasting
import Foundation
import StockcastCore

extension ModelUpkeep {
    /// The warm start of each series kind for a pass over `jobs` (`WarmStartConfiguration`):
    /// - a kind with no series to train from scratch in the pass needs none;
    /// - a stored base of the current configuration serves, unless it is `refreshDays` behind the
    ///   pass's newest day and the pass has `minimumSeries` series of the kind to train it again;
    /// - without one, a pass training at least `minimumSeries` series of the kind from scratch
    ///   trains a base on all the pass's series of that kind (the kinds in parallel) and stores it
    ///   under `models/.base/` first, so a run that is stopped resumes from the same base;
    /// - otherwise the series train from random weights.
    /// Problems (an unreadable or unwritable base) are returned to be reported; they only cost
    /// the warm start.
    func warmStarts(
        for jobs: [TrainingJob], forceFull: Bool, settings: DaemonSettings
    ) async throws -> (starts: [SeriesKind: WarmStart], problems: [String]) {
        let warm = settings.warmStart, model = settings.model
        guard warm.minimumSeries > 0 else { return ([:], []) }
        let long = jobs.filter { $0.values.count >= model.minimumHistory }
        let fromScratch = long.filter {
            forceFull || !FileManager.default.fileExists(atPath: modelFiles.path(product: $0.product, series: $0.series))
        }
        var starts: [SeriesKind: WarmStart] = [:]
        var problems: [String] = []
        var toTrain: [SeriesKind] = []
        var staleBases: [SeriesKind: BaseModel] = [:]
        for kind in SeriesKind.allCases {
            let scratch = fromScratch.filter { $0.series == kind }.count
            guard scratch > 0 else { continue }
            var stored: BaseModel?
            do {
                stored = try modelFiles.readBase(series: kind, architecture: model.architecture)
            } catch {
                problems.append("\(error); the \(kind.rawValue) base is not used")
            }
            if let s = stored, !s.fits(configuration: model, warmStart: warm) { stored = nil }
            let newest = long.filter { $0.series == kind }.map { $0.start.advanced(by: $0.values.count - 1) }.max()
            let stale = stored.map { s in newest.map { s.trainedThrough.distance(to: $0) >= warm.refreshDays } ?? false } ?? true
            let pooled = long.filter { $0.series == kind }.count
            if stale, (stored == nil ? scratch : pooled) >= warm.minimumSeries {
                toTrain.append(kind)
                staleBases[kind] = stored
            } else if let stored {
                starts[kind] = WarmStart(base: stored, tuningEpochs: warm.tuningEpochs)
            }
        }
        guard !toTrain.isEmpty else { return (starts, problems) }
        let logger = self.logger
        logger.info(
            "training base models",
            metadata: ["kinds": "\(toTrain.map(\.rawValue).joined(separator: ","))", "series": "\(long.count)"])
        let trained = try await ParallelTraining.map(toTrain, concurrency: settings.concurrency) { kind, isCancelled in
            try BaseModel.train(long, series: kind, configuration: model, warmStart: warm, isCancelled: isCancelled)
        }
        for (kind, result) in zip(toTrain, trained) {
            switch result {
            case .success(let base?):
                do {
                    try modelFiles.writeBase(base)
                } catch {
                    problems.append("the \(kind.rawValue) base model could not be stored: \(error); it is used for this run only")
                }
                let start = WarmStart(base: base, tuningEpochs: warm.tuningEpochs)
                logger.info(
                    "base model trained",
                    metadata: [
                        "series": "\(kind.rawValue)", "pooled": "\(base.seriesCount)", "windows": "\(base.windows)",
                        "epochs": "\(base.epochs)", "digest": "\(start.digest)",
                    ])
                starts[kind] = start
            case .failure(let error as CancellationError):
                throw error
            case .success(nil), .failure:
                if case .failure(let error) = result {
                    problems.append("the \(kind.rawValue) base model could not be trained: \(error)")
                }
                // The stored base, though due for a refresh, still beats random weights.
                if let stale = staleBases[kind] { starts[kind] = WarmStart(base: stale, tuningEpochs: warm.tuningEpochs) }
            }
        }
        return (starts, problems)
    }
}
