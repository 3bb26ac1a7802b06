import Neural

enum Windows {
    /// The chronological split: the first `Int(count × fraction)` windows train, the rest validate.
    static func split(_ data: SequenceDataset, trainFraction: Double) -> (training: SequenceDataset, validation: SequenceDataset) {
        let cut = Int(Double(data.count) * trainFraction)
        return (data.slice(0..<cut), data.slice(cut..<data.count))
    }

    /// Mean absolute error, units/day, of `forecasts` (one row per origin of `origins`, the
    /// index of its first forecast day) against the days of `values` that followed.
    static func mae(_ forecasts: [[Double]], values: [Double], origins: Range<Int>) -> Double {
        var sum = 0.0, count = 0
        for (row, origin) in zip(forecasts, origins) {
            for (h, value) in row.enumerated() {
                sum += abs(value - values[origin + h])
                count += 1
            }
        }
        return count > 0 ? sum / Double(count) : .nan
    }
}
