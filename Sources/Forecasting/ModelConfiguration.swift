import Neural

/// The shape of a product's series models and how they are trained. The defaults are the seed
/// system's (30-day windows, LSTM 50 → Dropout 0.2 → LSTM 50 → Dropout 0.2 → Dense 25 →
/// Dense 1, chronological 80/20 split, Adam 1e-3, batch 32, ≤ 30 epochs, patience 10).
public struct ModelConfiguration: Sendable, Equatable, Codable {
    /// Days of history in one input window.
    public var sequenceLength: Int = 30
    /// Cells of the first and second LSTM layer.
    public var lstmUnits: [Int] = [50, 50]
    /// Units of the hidden dense layer (linear), before the 1-unit output.
    public var denseUnits: Int = 25
    /// Dropout rate after each LSTM layer (fraction).
    public var dropout: Double = 0.2
    /// Fraction of the windows, oldest first, used for training; the rest validate.
    public var trainFraction: Double = 0.8
    /// Optimiser, epochs, batch size and early stopping.
    public var training = TrainingConfiguration()
    /// Base seed; each product and series derives its own from it.
    public var seed: UInt64 = 42

    /// The seed system's configuration.
    public init() {}

    /// The network, in Keras terms.
    public var architecture: [LayerSpec] {
        var layers: [LayerSpec] = []
        for (index, units) in lstmUnits.enumerated() {
            layers.append(.lstm(units: units, returnSequences: index < lstmUnits.count - 1))
            if dropout > 0 { layers.append(.dropout(rate: dropout)) }
        }
        layers.append(.dense(units: denseUnits))
        layers.append(.dense(units: 1))
        return layers
    }

    /// Days of history beyond one window that a series needs before it gets an LSTM; with
    /// fewer it is forecast seasonal-naively.
    public var minimumExtraDays: Int = 30

    /// Fewest days of history for an initial training: one window plus `minimumExtraDays`
    /// (and always enough for one training and one validation window).
    public var minimumHistory: Int {
        let fraction = min(max(trainFraction, 0.01), 0.99)
        var windows = max(2, minimumExtraDays)
        while windows < 200, Int(Double(windows) * fraction) < 1 || windows - Int(Double(windows) * fraction) < 1 {
            windows += 1
        }
        return sequenceLength + windows
    }

    /// Why this configuration cannot train a model, or nil.
    public var problem: String? {
        guard (1...10_000).contains(sequenceLength) else { return "sequence length \(sequenceLength) (1–10000 days)" }
        guard trainFraction >= 0.01, trainFraction <= 0.99 else { return "train fraction \(trainFraction) (0.01–0.99)" }
        guard !lstmUnits.isEmpty else { return "no LSTM layer" }
        guard training.epochs >= 1, training.batchSize >= 1 else { return "epochs and batch size must be at least 1" }
        return Architecture.problem(architecture, inputFeatures: 1)
    }
}
