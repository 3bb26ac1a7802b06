// The fine-tuning scenario (issue 6): what each daily update buys. Every series is trained on all
// but its last 60 days; then 30 days arrive one at a time, each followed by the daemon's model
// maintenance (ModelMaintenance.update) under a fine-tuning policy and a 30-day forecast scored
// against the actual days. Policies are compared on the same initial models: forecast MAE over
// all origins and the time one update takes (ms per series, one core).
import Forecasting
import Foundation
import Ingest
import StockcastCore

func fineTuneBenchmark(_ options: BenchOptions) async throws {
    var c = ModelConfiguration()
    c.seed = options.seed
    let configuration = c
    var policies: [(name: String, tuning: FineTuneConfiguration?)] = [("no fine-tuning (model kept)", nil)]
    for (recent, replay, epochs, interval) in [(60, 32, 3, 1), (28, 16, 2, 1), (14, 8, 2, 1), (28, 16, 2, 7)] {
        var t = FineTuneConfiguration()
        t.recentDays = recent
        t.replayWindows = replay
        t.epochs = epochs
        t.intervalDays = interval
        let when = interval == 1 ? "every day" : "every \(interval) days or on drift"
        policies.append(("\(recent) recent + \(replay) replayed windows, \(epochs) epochs, \(when)\(t == FineTuneConfiguration() ? " (defaults)" : "")", t))
    }
    let compared = policies
    let subcategories = (options.superstore as NSString).deletingLastPathComponent + "/superstore_apac_subcategory.csv"
    let runs = [
        ("seed data", options.csv), ("Superstore APAC categories", options.superstore),
        ("Superstore APAC sub-categories", subcategories),
    ]
    for (title, path) in runs {
        let histories = try SeedFormat.read(path: path)
        let jobs = TrainingJob.jobs(for: histories).filter { $0.values.count >= configuration.minimumHistory + 60 }
        print("== fine-tuning: \(title), \(jobs.count) series; trained on all but the last 60 days, then 30 daily updates, each scored on the next 30 days")
        let started = ContinuousClock.now
        let results = try await ParallelTraining.map(
            jobs, concurrency: options.concurrency,
            { job, isCancelled in
                var initial = job
                initial.values.removeLast(60)
                let trained = try InitialTraining.train(initial, configuration: configuration, isCancelled: isCancelled).model
                return try compared.map { policy in try dailyUpdates(job, from: trained, configuration: configuration, tuning: policy.tuning) }
            })
        let outcomes = try results.map { try $0.get() }
        print("(\(f((ContinuousClock.now - started).seconds, 1)) s)")
        print("| policy | sales MAE | returns MAE | ms per series per day | fine-tunes accepted / run |")
        print("|---|---:|---:|---:|---:|")
        for (p, policy) in policies.enumerated() {
            func mean(_ kind: SeriesKind) -> Double {
                let maes = zip(jobs, outcomes).filter { $0.0.series == kind }.map { $0.1[p].mae }
                return maes.reduce(0, +) / Double(max(maes.count, 1))
            }
            let runs = outcomes.map { $0[p] }
            let accepted = runs.reduce(0) { $0 + $1.accepted }, tuned = runs.reduce(0) { $0 + $1.tuned }
            let ms = runs.reduce(0.0) { $0 + $1.seconds } / Double(max(runs.count * 30, 1)) * 1000
            print("| \(policy.name) | \(f(mean(.sales), 3)) | \(f(mean(.returns), 3)) | \(f(ms, 1)) | \(policy.tuning == nil ? "–" : "\(accepted)/\(tuned)") |")
        }
    }
}

private struct DailyOutcome: Sendable {
    /// Mean absolute error of the 30-day forecasts made after each update, units/day.
    var mae: Double
    var seconds: Double
    /// Fine-tunes (or retrains) run, of the 30 days (none when the model is kept).
    var tuned: Int
    var accepted: Int
}

/// Feeds the last 60 days' first 30 one at a time to `trained` under `tuning` (nil: the model is
/// kept as it is) and scores each next-30-day forecast.
private func dailyUpdates(
    _ job: TrainingJob, from trained: SeriesModel, configuration: ModelConfiguration,
    tuning: FineTuneConfiguration?
) throws -> DailyOutcome {
    let n = job.values.count, split = n - 60
    var model = trained
    var errors = 0.0, scored = 0, seconds = 0.0, tuned = 0, accepted = 0
    let clock = ContinuousClock()
    for k in 1...30 {
        var now = job
        now.values = Array(job.values[..<(split + k)])
        if let tuning {
            let started = clock.now
            let update = try ModelMaintenance.update(now, current: model, configuration: configuration, fineTuning: tuning)
            seconds += (clock.now - started).seconds
            switch update.decision {
            case .fineTuneAccepted, .fineTuneRejected, .trained: tuned += 1
            default: break
            }
            if update.isNew, let m = update.model {
                model = m
                accepted += 1
            }
        }
        let forecast = SeriesForecast.predict(model, context: now.context, horizon: 30)
        for (i, v) in forecast.values.enumerated() where split + k + i < n {
            errors += abs(v - job.values[split + k + i])
            scored += 1
        }
    }
    return DailyOutcome(mae: errors / Double(max(scored, 1)), seconds: seconds, tuned: tuned, accepted: accepted)
}
