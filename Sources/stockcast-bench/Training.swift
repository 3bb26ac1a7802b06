// The training scenario (issue 2): the seed system's 10 models (5 products × sales, returns) on
// the seed data with the seed schedule.
import Forecasting
import Foundation
import Ingest
import Neural
import StockcastCore

func trainingBenchmark(_ options: BenchOptions) async throws {
    print("== training: 10 seed models, seed schedule")
    var configuration = ModelConfiguration()
    configuration.seed = options.seed
    let concurrency = options.concurrency
    let histories = try SeedFormat.read(path: options.csv)
    let jobs = TrainingJob.jobs(for: histories)
    let clock = ContinuousClock()
    let started = clock.now
    let names = jobs.map { "\($0.product) \($0.series)" }
    let results = try await ParallelTraining.run(jobs, configuration: configuration, concurrency: concurrency) { p in
        let outcome = (try? p.result.get()).map { "\($0.report.epochsRun) epochs, test MAE \(String(format: "%.2f", $0.testMAE))" }
        FileHandle.standardError.write(Data("  [\(p.completed)/\(p.total)] \(names[p.index]): \(outcome ?? "failed")\n".utf8))
    }
    let wallSeconds = (clock.now - started).seconds
    let outcomes = try results.map { try $0.get() }

    let epochs = outcomes.reduce(0) { $0 + $1.report.epochsRun }
    let modelSeconds = outcomes.reduce(0.0) { $0 + $1.report.seconds }
    let epochTimes = outcomes.flatMap { $0.report.history.map(\.seconds) }.sorted()
    let multiplyAdds = outcomes.reduce(0) { $0 + $1.report.multiplyAdds }
    let gflops = 2 * Double(multiplyAdds) / wallSeconds / 1e9

    print("kernel: \(Kernels.activeDescription)")
    print(
        "models trained: \(outcomes.count) (\(histories.count) products × sales, returns), \(min(concurrency, jobs.count)) at a time on \(ResourceUsage.cores) cores"
    )
    print("total wall time: \(f(wallSeconds)) s")
    print("seconds per epoch per model: \(f(modelSeconds / Double(epochs), 4)) mean, \(f(epochTimes[epochTimes.count / 2], 4)) median (\(epochs) epochs)")
    print(
        "training loop: \(f(2 * Double(multiplyAdds) / 1e12, 3)) TFLOP in \(f(wallSeconds)) s = \(f(gflops, 1)) GFLOP/s (\(f(gflops / Double(min(concurrency, ResourceUsage.cores)), 1)) per core)"
    )
    print("peak resident memory: \(ResourceUsage.peakResidentBytes().map { f(Double($0) / 1_048_576, 1) + " MB" } ?? "unknown")")
    for kind in SeriesKind.allCases {
        let maes = outcomes.filter { $0.model.metadata.series == kind }
        let line = maes.map { "\($0.model.metadata.product) \(f($0.testMAE))" }.joined(separator: "  ")
        let mean = maes.reduce(0.0) { $0 + $1.testMAE } / Double(max(maes.count, 1))
        print(
            "validation MAE \(kind) (units, every validation window's 30-day forecast; the seed scored one day ahead): \(line)  mean \(f(mean)) (Keras one-day-ahead \(kind == .sales ? "16.5" : "4.40"))"
        )
    }
    try outcomes.benchmarkFineTuning(jobs: jobs, configuration: FineTuneConfiguration(), label: "one new day, defaults")
}

extension Array where Element == TrainingOutcome {
    /// Times one daily update of each model: its series plus the value of the same weekday a year
    /// earlier, fine-tuned with `configuration` (one core). Prints ms per series: the whole update,
    /// and the training loop alone with its GFLOP/s.
    func benchmarkFineTuning(jobs: [TrainingJob], configuration: FineTuneConfiguration, label: String) throws {
        var total = 0.0, training = 0.0, multiplyAdds = 0, accepted = 0
        let clock = ContinuousClock()
        for (outcome, job) in zip(self, jobs) {
            var next = job
            next.values.append(job.values[job.values.count - 364])
            let started = clock.now
            let tuned = try FineTuning.tune(outcome.model, job: next, configuration: configuration)
            total += (clock.now - started).seconds
            training += tuned.report.seconds
            multiplyAdds += tuned.report.multiplyAdds
            if tuned.accepted { accepted += 1 }
        }
        let n = Double(count)
        print(
            "fine-tuning (\(label)): \(f(total / n * 1000, 1)) ms per series, of which the training loop \(f(training / n * 1000, 1)) ms at \(f(2 * Double(multiplyAdds) / training / 1e9, 1)) GFLOP/s; \(accepted)/\(count) accepted"
        )
    }
}
