import Neural
import StockcastCore

/// Forecasts of one series, in units/day, never negative.
public enum SeriesForecast {
    /// The model's recursive forecast: the last `sequenceLength` days, scaled as the model was
    /// trained, give the next day; that prediction joins the window for the day after, and so on
    /// for `horizon` days. Needs at least `sequenceLength` days of `history`.
    public static func recursive(_ model: SeriesModel, history: [Double], horizon: Int) -> [Double] {
        let length = model.metadata.sequenceLength
        guard history.count >= length, horizon > 0 else { return [] }
        let scaler = model.scaler
        let network = model.network()
        var window = history.suffix(length).map { Float(scaler.scale($0)) }
        var out: [Double] = []
        out.reserveCapacity(horizon)
        for _ in 0..<horizon {
            let y = network.predict(SequenceDataset(steps: length, features: 1, inputs: window, targets: [0]))[0]
            out.append(max(0, scaler.unscale(Double(y))))
            window.removeFirst()
            window.append(y)
        }
        return out
    }

    /// The weekly seasonal-naive forecast: each day repeats the same weekday of the last full
    /// week. With less than a week of history, the mean of what there is; with none, zero.
    public static func seasonalNaive(history: [Double], horizon: Int, season: Int = 7) -> [Double] {
        guard horizon > 0 else { return [] }
        guard !history.isEmpty else { return [Double](repeating: 0, count: horizon) }
        guard history.count >= season else {
            let mean = history.reduce(0, +) / Double(history.count)
            return [Double](repeating: max(0, mean), count: horizon)
        }
        let last = Array(history.suffix(season))
        return (0..<horizon).map { max(0, last[$0 % season]) }
    }
}
