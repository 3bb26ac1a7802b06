import Forecasting
import Foundation
import StockcastCore

extension ModelUpkeep {
    /// The warm start of each series kind for a pass over `jobs` (`WarmStartConfiguration`):
    /// - a stored base of the current settings serves every training from scratch of its kind
    ///   (a new series, a retrain), unless it is due for training again;
    /// - a base is trained — on all the pass's series of the kind, the kinds in parallel — and
    ///   stored under `models/.base/` before any series trains (so that a run that is stopped
    ///   resumes from the same base) when the pass trains series of the kind from scratch and
    ///   either there is no base file and at least `minimumSeries` of them, or the stored base is
    ///   `refreshDays` behind the pass's newest day, unusable (damaged, or trained under other
    ///   settings) or the pass is a full retrain, and the pass has `minimumSeries` series of the kind;
    /// - otherwise the series train from random weights.
    /// Problems (an unreadable or unwritable base) are returned to be reported; they only cost
    /// the warm start.
    func warmStarts(
        for jobs: [TrainingJob], forceFull: Bool, settings: DaemonSettings
    ) async throws -> (starts: [SeriesKind: WarmStart], problems: [String]) {
        let warm = settings.warmStart, model = settings.model
        guard warm.minimumSeries > 0 else { return ([:], []) }
        var starts: [SeriesKind: WarmStart] = [:]
        var problems: [String] = []
        var toTrain: [SeriesKind] = []
        for kind in SeriesKind.allCases {
            let pooled = BaseModel.pooled(jobs, series: kind, configuration: model)
            guard !pooled.isEmpty else { continue }
            let scratch = pooled.filter {
                forceFull || !FileManager.default.fileExists(atPath: modelFiles.path(product: $0.product, series: $0.series))
            }.count
            var stored: BaseModel?
            var exists = true
            let path = modelFiles.directory.basePath(series: kind)
            do {
                stored = try modelFiles.readBase(series: kind)
                exists = stored != nil
                try stored?.check(architecture: model.architecture, source: path)
            } catch {
                stored = nil
                // Reported when it matters: when series are to be trained from scratch.
                if scratch > 0 {
                    problems.append(
                        "\(error); the \(kind.rawValue) base is not used (delete it, or it is trained again when a run has \(warm.minimumSeries) \(kind.rawValue) series)"
                    )
                }
            }
            if let s = stored, !s.fits(configuration: model, warmStart: warm) {
                logger.info("stored base trained under other settings: not used", metadata: ["series": "\(kind.rawValue)", "file": "\(path)"])
                stored = nil
            }
            // A usable base serves, also when one trained below replaces it or cannot be trained.
            if let stored { starts[kind] = WarmStart(base: stored, tuningEpochs: warm.tuningEpochs) }
            let newest = pooled.map { $0.start.advanced(by: $0.values.count - 1) }.max()
            // A full retrain (`train --full`) trains the base again too.
            let due =
                forceFull || (stored.map { s in newest.map { s.trainedThrough.distance(to: $0) >= warm.refreshDays } ?? false } ?? true)
            if scratch > 0, due, (exists ? pooled.count : scratch) >= warm.minimumSeries { toTrain.append(kind) }
        }
        guard !toTrain.isEmpty else { return (starts, problems) }
        logger.info(
            "training base models",
            metadata: ["kinds": "\(toTrain.map(\.rawValue).joined(separator: ","))", "series": "\(jobs.count)"])
        let trained = try await modelFiles.trainBases(jobs, kinds: toTrain, settings: settings, concurrency: settings.concurrency)
        for kind in toTrain {
            guard let start = trained.starts[kind] else { continue }
            logger.info(
                "base model trained",
                metadata: [
                    "series": "\(kind.rawValue)", "pooled": "\(start.base.seriesCount)", "windows": "\(start.base.windows)",
                    "epochs": "\(start.base.epochs)", "digest": "\(start.digest)",
                ])
            starts[kind] = start
        }
        return (starts, problems + trained.problems)
    }
}
