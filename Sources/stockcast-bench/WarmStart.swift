// The warm-start scenario (issue 14): each series' LSTM trained from scratch against tuned for
// a few epochs from a base trained once on the pooled windows of every series of its kind, as
// the daemon does for a large catalogue. Last 30 days held out; the LSTM's own 30-day forecast
// scored by MASE; core-seconds on one core (the base's share counted once per data set).
import Forecasting
import Foundation
import Ingest
import StockcastCore

func warmStartBenchmark(_ options: BenchOptions) throws {
    var c = ModelConfiguration()
    c.seed = options.seed
    let configuration = c
    let real = (options.superstore as NSString).deletingLastPathComponent
    let clock = ContinuousClock()
    for (title, path) in [
        ("seed data", options.csv), ("Superstore APAC categories", options.superstore),
        ("Superstore APAC sub-categories", real + "/superstore_apac_subcategory.csv"),
    ] {
        let jobs = TrainingJob.jobs(for: try SeedFormat.read(path: path)).filter { $0.values.count > configuration.minimumHistory + 30 }
        print("== warm start: \(title), \(jobs.count) series, last 30 days held out, 1 core")
        func score(_ job: TrainingJob, _ model: SeriesModel) -> Double? {
            let n = job.values.count
            let history = Array(job.values[..<(n - 30)]), actual = Array(job.values[(n - 30)...])
            guard let f = SeriesForecast.lstm(model, history: history, start: job.start, horizon: 30), let s = SeasonalNaive.scale(history)
            else { return nil }
            return zip(f.values, actual).reduce(0) { $0 + abs($1.0 - $1.1) } / 30 / s
        }
        let cut = jobs.map { j -> TrainingJob in
            var t = j
            t.values.removeLast(30)
            return t
        }
        var rows: [(String, [SeriesKind: [Double]], Double)] = []
        var mases: [SeriesKind: [Double]] = [:]
        var started = clock.now
        var loop = 0.0
        for (job, full) in zip(cut, jobs) {
            let o = try InitialTraining.train(job, configuration: configuration)
            loop += o.report.seconds
            if let m = score(full, o.model) { mases[full.series, default: []].append(m) }
        }
        rows.append(("from scratch (today)", mases, (clock.now - started).seconds))
        print("  from scratch: training loops \(f(loop, 1)) s of \(f((clock.now - started).seconds, 1)) s")
        for (epochs, tuning) in [(20, 2), (10, 2), (20, 4)] {
            started = clock.now
            var warm = WarmStartConfiguration()
            warm.baseEpochs = epochs
            warm.tuningEpochs = tuning
            var bases: [SeriesKind: WarmStart] = [:]
            for kind in SeriesKind.allCases {
                bases[kind] = try BaseModel.train(cut, series: kind, configuration: configuration, warmStart: warm)
                    .map { WarmStart(base: $0, tuningEpochs: tuning) }
            }
            let baseSeconds = (clock.now - started).seconds
            mases = [:]
            for (job, full) in zip(cut, jobs) {
                let o = try InitialTraining.train(job, configuration: configuration, warmStart: bases[job.series])
                if let m = score(full, o.model) { mases[full.series, default: []].append(m) }
            }
            let isDefault = epochs == WarmStartConfiguration().baseEpochs && tuning == WarmStartConfiguration().tuningEpochs
            rows.append(("base \(epochs) epochs, tuned \(tuning)\(isDefault ? " (the daemon's)" : "")", mases, (clock.now - started).seconds))
            print("  base \(epochs) epochs: \(f(baseSeconds, 1)) s")
        }
        print("| LSTM | sales MASE | returns MASE | core-s per series (base included) |")
        print("|---|---:|---:|---:|")
        for (name, m, seconds) in rows {
            func mean(_ k: SeriesKind) -> String {
                let v = m[k] ?? []
                return v.isEmpty ? "–" : f(v.reduce(0, +) / Double(v.count), 3)
            }
            print("| \(name) | \(mean(.sales)) | \(mean(.returns)) | \(f(seconds / Double(jobs.count), 3)) |")
        }
    }
}
