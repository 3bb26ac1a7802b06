import Neural

/// Sliding windows over one scaled series: window i holds days i ..< i+length and its target is
/// day i+length.
enum Windows {
    static func make(_ scaled: [Double], length: Int) -> SequenceDataset {
        let count = max(scaled.count - length, 0)
        var inputs: [Float] = []
        inputs.reserveCapacity(count * length)
        var targets: [Float] = []
        targets.reserveCapacity(count)
        for i in 0..<count {
            for d in i..<(i + length) { inputs.append(Float(scaled[d])) }
            targets.append(Float(scaled[i + length]))
        }
        return SequenceDataset(steps: length, features: 1, inputs: inputs, targets: targets)
    }

    /// The chronological split: the first `Int(count × fraction)` windows train, the rest validate.
    static func split(_ data: SequenceDataset, trainFraction: Double) -> (training: SequenceDataset, validation: SequenceDataset) {
        let cut = Int(Double(data.count) * trainFraction)
        return (data.slice(0..<cut), data.slice(cut..<data.count))
    }
}
