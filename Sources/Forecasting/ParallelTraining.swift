import Foundation
import Neural
import StockcastCore
import Synchronization

/// Progress of a batch of trainings, reported as each model finishes.
public struct TrainingProgress: Sendable {
    /// Models finished so far (trained or failed).
    public var completed: Int
    /// Models in the batch.
    public var total: Int
    /// The model that just finished: product and series.
    public var product: String
    public var series: SeriesKind
    /// The error, when this model could not be trained.
    public var failure: String?
    /// The trained model and its scores, when it trained.
    public var outcome: TrainingOutcome?
    /// Wall time since the batch started, seconds.
    public var elapsed: Double
    /// Estimated seconds until the batch is done, from the average time per model so far.
    public var remaining: Double
}

/// Trains many series at once, one model per core. Each model's training is single-threaded
/// and independent of the others, so the results do not depend on how many run at once or in
/// which order they finish.
///
/// Training runs on threads of its own rather than in the Swift concurrency pool: minutes of
/// arithmetic would otherwise occupy every pool thread and stall all other async work (the
/// daemon's watcher, signal handling) while models train.
public enum ParallelTraining {
    /// The outcome of every job, in the order of `jobs`. A job that fails (for instance for a
    /// too-short history) yields its error; the others still train. Cancelling the calling task
    /// stops all of them between batches and throws `CancellationError`.
    public static func run(
        _ jobs: [TrainingJob],
        configuration: ModelConfiguration,
        concurrency: Int,
        progress: @escaping @Sendable (TrainingProgress) -> Void = { _ in }
    ) async throws -> [Result<TrainingOutcome, any Error>] {
        guard !jobs.isEmpty else { return [] }
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
                        let outcome = try await onOwnThread { isCancelled in
                            try InitialTraining.train(job, configuration: configuration, isCancelled: isCancelled)
                        }
                        return (index, .success(outcome))
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
                let elapsed = (clock.now - started).seconds
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

    /// Runs `body` on a new thread and awaits its result; cancelling the awaiting task makes
    /// the `isCancelled` closure handed to `body` return true.
    static func onOwnThread<T: Sendable>(
        _ body: @escaping @Sendable (_ isCancelled: @escaping @Sendable () -> Bool) throws -> T
    ) async throws -> T {
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    continuation.resume(with: Result { try body { flag.isSet } })
                }
                thread.name = "stockcast-training"
                thread.start()
            }
        } onCancel: {
            flag.set()
        }
    }
}

/// A flag set once from any thread and read from another.
final class CancellationFlag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() { value.store(true, ordering: .relaxed) }

    var isSet: Bool { value.load(ordering: .relaxed) }
}
