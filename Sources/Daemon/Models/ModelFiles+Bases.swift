import Forecasting
import StockcastCore

extension ModelFiles {
    /// Trains the base model of each of `kinds` on `jobs` (`BaseModel.train`, the kinds in
    /// parallel) and stores each under `.base/`. The warm starts of the bases trained, and the
    /// problems: a base that could not be trained (its series start as they would without it)
    /// or stored (it serves this run only).
    package func trainBases(
        _ jobs: [TrainingJob], kinds: [SeriesKind], settings: DaemonSettings, concurrency: Int
    ) async throws -> (starts: [SeriesKind: WarmStart], problems: [String]) {
        let model = settings.model, warm = settings.warmStart
        let trained = try await ParallelTraining.map(kinds, concurrency: concurrency) { kind, isCancelled in
            try BaseModel.train(jobs, series: kind, configuration: model, warmStart: warm, isCancelled: isCancelled)
        }
        var starts: [SeriesKind: WarmStart] = [:]
        var problems: [String] = []
        for (kind, result) in zip(kinds, trained) {
            switch result {
            case .success(let base?):
                do {
                    try writeBase(base)
                } catch {
                    problems.append("the \(kind.rawValue) base model could not be stored: \(error); it is used for this run only")
                }
                starts[kind] = WarmStart(base: base, tuningEpochs: warm.tuningEpochs)
            case .success(nil):
                break
            case .failure(let error):
                problems.append("the \(kind.rawValue) base model could not be trained: \(error)")
            }
        }
        return (starts, problems)
    }
}
