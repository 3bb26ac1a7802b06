import Neural
import StockcastCore

/// The shape of a product's series models and how they are trained. The core is the seed
/// system's (30-day windows, LSTM 50 → Dropout 0.2 → LSTM 50 → Dropout 0.2 → Dense 25,
/// chronological 80/20 split, Adam 1e-3, batch 32, ≤ 30 epochs, patience 10); what it sees and
/// predicts is `SeriesEncoding`'s: level-normalised values with calendar features, and a direct
/// head of `outputDays` values instead of one day fed back into itself.
package struct ModelConfiguration: Sendable, Equatable, Codable {
    /// Days of history in one input window.
    package var sequenceLength: Int = 30
    /// Cells of the first and second LSTM layer.
    package var lstmUnits: [Int] = [50, 50]
    /// Units of the hidden dense layer (linear), before the output layer.
    package var denseUnits: Int = 25
    /// Days forecast by one pass of the network (the output layer's width); longer horizons
    /// feed whole blocks of forecast days back as the next window.
    package var outputDays: Int = 30
    /// Days averaged for the level that sales windows are divided by (12 weeks: a whole number
    /// of weeks, and less noisy than the 30-day window itself).
    package var salesLevelDays: Int = 84
    /// The same for returns, whose forecasts were better with the window's own 30 days.
    package var returnsLevelDays: Int = 30

    /// Another candidate serves a series instead of its LSTM only when its mean validation MASE
    /// is lower than the LSTM's by more than this fraction (0: the lowest serves).
    package var baselineMargin: Double = 0

    /// Validation origins the serving method is chosen on (at most; every `validationSpacing`-th
    /// validation window, newest first), and days between them.
    package var validationOrigins: Int = 12
    package var validationSpacing: Int = 14

    /// Days whose weekday profile (mean of each weekday ÷ mean of all) scales the windows, so
    /// that a weekly pattern that changes is followed from the data (52 weeks: measured on the
    /// seed data and Superstore, shorter profiles were noisier without following faster).
    package var weekdayDays: Int = 364

    /// Level days of `series`.
    package func levelDays(_ series: SeriesKind) -> Int {
        series == .sales ? salesLevelDays : returnsLevelDays
    }

    func encoding(_ series: SeriesKind) -> SeriesEncoding {
        SeriesEncoding(length: sequenceLength, outputDays: outputDays, levelDays: levelDays(series), weekdayDays: weekdayDays)
    }
    /// Dropout rate after each LSTM layer (fraction). The seed used 0.2; with level-normalised
    /// inputs it costs accuracy (seed data, 30-day holdout: sales MAE 9.25–9.41 at 0, 9.57–9.66
    /// at 0.05, 9.71 at 0.2), so the layers are left out unless a rate is configured.
    package var dropout: Double = 0
    /// Fraction of the windows, oldest first, used for training; the rest validate.
    package var trainFraction: Double = 0.8
    /// Optimiser, epochs, batch size and early stopping: the seed's, with batches of 16 instead
    /// of 32 (seed data, 30-day holdout, seeds 42/1/2: sales MAE 9.30/9.42/9.46 against
    /// 9.62/9.42 with 32, at about the same training time).
    package var training = TrainingConfiguration(batchSize: 16)
    /// Base seed; each product and series derives its own from it.
    package var seed: UInt64 = 42

    /// The seed system's configuration.
    package init() {}

    /// The network, in Keras terms.
    package var architecture: [LayerSpec] {
        var layers: [LayerSpec] = []
        for (index, units) in lstmUnits.enumerated() {
            layers.append(.lstm(units: units, returnSequences: index < lstmUnits.count - 1))
            if dropout > 0 { layers.append(.dropout(rate: dropout)) }
        }
        layers.append(.dense(units: denseUnits))
        layers.append(.dense(units: outputDays))
        return layers
    }

    /// Days of history beyond one window that a series needs before it gets an LSTM; with
    /// fewer it is forecast seasonal-naively.
    package var minimumExtraDays: Int = 30

    /// Fewest days of history for an initial training: the days of one level, its `outputDays`
    /// target days and `minimumExtraDays` more (always enough for one training and one validation window).
    package var minimumHistory: Int {
        let fraction = min(max(trainFraction, 0.01), 0.99)
        var windows = max(2, minimumExtraDays)
        while windows < 200, Int(Double(windows) * fraction) < 1 || windows - Int(Double(windows) * fraction) < 1 {
            windows += 1
        }
        return max(sequenceLength, salesLevelDays, returnsLevelDays) + outputDays - 1 + windows
    }

    /// Why this configuration cannot train a model, or nil.
    package var problem: String? {
        guard (1...10_000).contains(sequenceLength) else { return "sequence length \(sequenceLength) (1–10000 days)" }
        guard trainFraction >= 0.01, trainFraction <= 0.99 else { return "train fraction \(trainFraction) (0.01–0.99)" }
        guard !lstmUnits.isEmpty else { return "no LSTM layer" }
        guard (1...366).contains(outputDays) else { return "output days \(outputDays) (1–366)" }
        guard baselineMargin >= 0, baselineMargin < 1 else { return "baseline margin \(baselineMargin) (0–0.99)" }
        guard (1...365).contains(validationOrigins), (1...365).contains(validationSpacing) else {
            return "validation origins and spacing must be 1–365"
        }
        guard (1...3650).contains(salesLevelDays), (1...3650).contains(returnsLevelDays), (7...3650).contains(weekdayDays) else {
            return "level days must be 1–3650 and weekday days 7–3650"
        }
        guard (0...1_000_000).contains(minimumExtraDays) else { return "minimum extra days \(minimumExtraDays) (0–1000000)" }
        guard (1...10_000).contains(training.epochs), (1...4096).contains(training.batchSize) else {
            return "epochs 1–10000 and batch size 1–4096"
        }
        guard (training.patience ?? 1) >= 1 else { return "patience must be at least 1" }
        let rate = training.optimizer.learningRate
        guard rate.isFinite, rate > 0, rate < 10 else { return "learning rate \(rate) (more than 0, less than 10)" }
        guard dropout.isFinite, dropout >= 0, dropout < 1 else { return "dropout \(dropout) (0 to less than 1)" }
        return Architecture.problem(architecture, inputFeatures: SeriesEncoding.features)
    }
}
