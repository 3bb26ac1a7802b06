import Neural
import StockcastCore

/// Forecasts of one series, in units/day, never negative.
package enum SeriesForecast {
    /// The forecast of the `horizon` days after `history` (which starts on `start`) by the
    /// method that serves the series: the model's choice (`servedBy`) when there is a model;
    /// without one, Holt–Winters from `Baselines.holtWintersMinimumDays` days of history,
    /// seasonal naive below that. A method whose forecast or error sd is not a finite number of
    /// units, 0 or more (arithmetic overflowed on an extreme history), hands over to the next:
    /// LSTM → Holt–Winters → seasonal naive, which always gives one (`SeriesPrediction.method`
    /// says which served).
    package static func predict(_ model: SeriesModel?, history: [Double], start: Day, horizon: Int) -> SeriesPrediction {
        let method = method(model, historyDays: history.count)
        if method == .lstm, let model, let p = lstm(model, history: history, start: start, horizon: horizon), p.isUsable { return p }
        if method != .seasonalNaive, let p = Baselines.holtWinters(history: history, horizon: horizon), p.isUsable { return p }
        return SeasonalNaive.prediction(history: history, horizon: horizon)
    }

    /// The method `predict` uses for a series with this model and this many days of history.
    package static func method(_ model: SeriesModel?, historyDays: Int) -> ForecastMethod {
        if let model, model.metadata.servedBy == .lstm, historyDays >= model.metadata.sequenceLength { return .lstm }
        if model?.metadata.servedBy == .seasonalNaive { return .seasonalNaive }
        return historyDays >= Baselines.holtWintersMinimumDays ? .holtWinters : .seasonalNaive
    }

    /// The model's forecast of the `horizon` days after `history` (which starts on `start`):
    /// the last `sequenceLength` days (and the level of the last `levelDays`) give the next
    /// `outputDays` at once; for longer horizons those days join the history for the next
    /// block. The error sd of a day is the model's `errorSD` times the level of its block,
    /// times √block for blocks after the first. Nil with fewer than `sequenceLength` days.
    package static func lstm(_ model: SeriesModel, history: [Double], start: Day, horizon: Int) -> SeriesPrediction? {
        let encoding = model.metadata.encoding
        guard history.count >= encoding.length, horizon > 0 else { return nil }
        let network = model.network()
        let errorSD = model.metadata.errorSD
        var series = history
        var sd: [Double] = []
        var block = 0
        while series.count < history.count + horizon {
            let (data, scale) = encoding.latestWindow(series, start: start)
            series += model.forecasts(data, scales: [scale], origins: [start.advanced(by: series.count)], network: network)[0]
            block += 1
            let inflation = Double(block).squareRoot()
            sd += (0..<encoding.outputDays).map { h in h < errorSD.count ? errorSD[h] * scale.level * inflation : 0 }
        }
        return SeriesPrediction(
            method: .lstm, values: Array(series[history.count..<(history.count + horizon)]),
            sd: Array(sd.prefix(horizon)))
    }
}
