import StockcastCore

/// Whether a model is due for fine-tuning: fine-tuning every series every day costs most of a
/// daily run and buys little (`stockcast-bench finetune`), so a model is tuned on its series'
/// weekday slot once it is `FineTuneConfiguration.intervalDays` days behind its history (the
/// slot — a stable hash of product and series modulo the interval — spreads a catalogue's
/// fine-tunes evenly over the days, and a rejected fine-tune waits for the next slot), at once
/// when it is twice that behind, and sooner when the days since it was trained drift out of its
/// own band.
package struct FineTuneSchedule: Sendable, Equatable {
    /// Days of history after the model's `trainedThrough`.
    package var daysBehind: Int
    /// Of those days (at most `outputDays`, the first forecast block from the model's last
    /// training window), how many fell outside the model's 95 % band, and how many were checked.
    package var outside: Int
    package var checked: Int
    /// Whether to fine-tune now.
    package var isDue: Bool

    /// The schedule of `model` for `job`'s history.
    package static func of(_ model: SeriesModel, job: TrainingJob, configuration: FineTuneConfiguration) -> FineTuneSchedule {
        let last = job.start.distance(to: model.metadata.trainedThrough)
        let behind = job.values.count - 1 - last
        guard behind > 0, last >= 0 else { return FineTuneSchedule(daysBehind: max(0, behind), outside: 0, checked: 0, isDue: false) }
        let interval = configuration.intervalDays
        let today = job.start.advanced(by: job.values.count - 1).daysSince1970
        let inSlot = (today % interval + interval) % interval == slot(job.product, job.series, interval: interval)
        if interval <= 1 || (behind >= interval && inSlot) || behind >= 2 * interval {
            return FineTuneSchedule(daysBehind: behind, outside: 0, checked: 0, isDue: true)
        }
        // The model's forecast from its last training window against the days that came since.
        let days = min(behind, model.metadata.encoding.outputDays)
        guard let p = SeriesForecast.lstm(model, history: Array(job.values[...last]), start: job.start, horizon: days) else {
            return FineTuneSchedule(daysBehind: behind, outside: 0, checked: 0, isDue: true)
        }
        let z = NormalDistribution.z(coverage: 0.95)
        var outside = 0
        for h in 0..<days where abs(job.values[last + 1 + h] - p.values[h]) > z * p.sd[h] { outside += 1 }
        let drifted = days >= FineTuneConfiguration.driftMinimumDays && Double(outside) > configuration.driftShare * Double(days)
        return FineTuneSchedule(daysBehind: behind, outside: outside, checked: days, isDue: drifted)
    }

    /// The day (days since 1970 modulo `interval`) a series' fine-tunes fall on.
    static func slot(_ product: String, _ series: SeriesKind, interval: Int) -> Int {
        Int(fnv1a64(Array(product.utf8) + [0] + Array(series.rawValue.utf8)) % UInt64(max(interval, 1)))
    }
}
