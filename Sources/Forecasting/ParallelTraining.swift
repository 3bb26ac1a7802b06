import Neural
import StockcastCore

/// Progress of a batch of trainings, reported as each model finishes.
public struct TrainingProgress: Sendable {
    public var completed: Int
    public var total: Int
    public var product: String
    public var series: SeriesKind
    /// Nil when the model trained; the error otherwise.
    public var failure: String?
    public var outcome: TrainingOutcome?
    /// Wall time since the batch started, seconds.
    public var elapsed: Double
    /// Estimated seconds until the batch is done, from the average time per model so far.
    public var remaining: Double
}

/// Trains many series at once, one model per core: each model's training is single-threaded
/// and independent, so the results do not depend on the order in which they finish.
public enum ParallelTraining {
    /// The outcome of every job, in the order of `jobs`. A job that fails (for instance for a
    /// too-short history) yields its error; the others still train. Cancelling the calling task
    /// stops all of them between batches.
    public static func run(
        _ jobs: [TrainingJob],
        configuration: ModelConfiguration,
        concurrency: Int,
        progress: @escaping @Sendable (TrainingProgress) -> Void = { _ in }
    ) async throws -> [Result<TrainingOutcome, any Error>] {
        let clock = ContinuousClock()
        let started = clock.now
        let width = max(1, min(concurrency, jobs.count))
        var results = [Result<TrainingOutcome, any Error>?](repeating: nil, count: jobs.count)
        try await withThrowingTaskGroup(of: (Int, Result<TrainingOutcome, any Error>).self) { group in
            var next = 0
            func launch() {
                let index = next
                let job = jobs[index]
                next += 1
                group.addTask {
                    do {
                        return (index, .success(try InitialTraining.train(job, configuration: configuration)))
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            while next < width { launch() }
            var completed = 0
            while let (index, result) = try await group.next() {
                results[index] = result
                completed += 1
                let elapsed = seconds(clock.now - started)
                let remaining = elapsed / Double(completed) * Double(jobs.count - completed)
                var failure: String?
                if case let .failure(error) = result { failure = "\(error)" }
                progress(TrainingProgress(completed: completed, total: jobs.count, product: jobs[index].product,
                                          series: jobs[index].series, failure: failure,
                                          outcome: try? result.get(), elapsed: elapsed, remaining: remaining))
                if next < jobs.count { launch() }
            }
        }
        return results.map { $0! }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
