import Foundation
import Neural
import StockcastCore
import Synchronization

/// Progress of a batch of work items, reported as each one finishes.
package struct WorkProgress<Output: Sendable>: Sendable {
    /// Items finished so far (done or failed).
    package var completed: Int
    /// Items in the batch.
    package var total: Int
    /// The index of the item that just finished.
    package var index: Int
    /// Its result.
    package var result: Result<Output, any Error>
    /// Wall time since the batch started, seconds.
    package var elapsed: Double
    /// Estimated seconds until the batch is done, from the average time per item so far.
    package var remaining: Double
}

/// Runs CPU-heavy items — model trainings — in parallel, one per core. Each item runs
/// single-threaded and independently, so results do not depend on how many run at once or in
/// which order they finish.
///
/// Items run on threads of their own rather than in the Swift concurrency pool: minutes of
/// arithmetic would otherwise occupy every pool thread and stall all other async work (the
/// daemon's watcher, signal handling) while models train.
package enum ParallelTraining {
    /// The result of `body` for every item, in the order of `items`. An item that throws yields
    /// its error and the others go on; cancelling the calling task makes `isCancelled` true for
    /// every running item and throws `CancellationError`.
    package static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item],
        concurrency: Int,
        _ body: @escaping @Sendable (Item, _ isCancelled: @escaping @Sendable () -> Bool) throws -> Output,
        progress: @escaping @Sendable (WorkProgress<Output>) -> Void = { _ in }
    ) async throws -> [Result<Output, any Error>] {
        guard !items.isEmpty else { return [] }
        let clock = ContinuousClock()
        let started = clock.now
        let width = max(1, min(concurrency, items.count))
        var results = [Result<Output, any Error>?](repeating: nil, count: items.count)
        try await withThrowingTaskGroup(of: (Int, Result<Output, any Error>).self) { group in
            var next = 0
            func launch() {
                let index = next
                let item = items[index]
                next += 1
                group.addTask {
                    do {
                        return (index, .success(try await onOwnThread { isCancelled in try body(item, isCancelled) }))
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
                progress(
                    WorkProgress(
                        completed: completed, total: items.count, index: index, result: result, elapsed: elapsed,
                        remaining: elapsed / Double(completed) * Double(items.count - completed)))
                if next < items.count { launch() }
            }
        }
        return results.map { $0! }
    }

    /// Initial training of every job (see `map`), each from `warmStarts`' base of its kind when
    /// there is one.
    package static func run(
        _ jobs: [TrainingJob],
        configuration: ModelConfiguration,
        warmStarts: [SeriesKind: WarmStart] = [:],
        concurrency: Int,
        progress: @escaping @Sendable (WorkProgress<TrainingOutcome>) -> Void = { _ in }
    ) async throws -> [Result<TrainingOutcome, any Error>] {
        try await map(
            jobs, concurrency: concurrency,
            { job, isCancelled in
                try InitialTraining.train(job, configuration: configuration, warmStart: warmStarts[job.series], isCancelled: isCancelled)
            }, progress: progress)
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
