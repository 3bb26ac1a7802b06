import StockcastCore

/// A rolling-origin evaluation: for each origin, every method is fitted on the history before
/// it (the LSTM trained from scratch, as an initial training would), forecasts `horizon` days
/// and is scored against what happened.
package enum Backtest {
    /// One series at one origin.
    package struct Case: Sendable {
        package var product: String
        package var series: SeriesKind
        /// The whole series, from `start`.
        package var start: Day
        package var values: [Double]
        /// Index in `values` of the first forecast day.
        package var origin: Int
        package var horizon: Int
    }

    /// What happened at one origin.
    package struct Outcome: Sendable {
        package var product: String
        package var series: SeriesKind
        /// The first forecast day.
        package var origin: Day
        /// The days that followed the origin, units/day.
        package var actual: [Double]
        /// MASE denominator: the in-sample MAE of the weekly seasonal-naive one-step forecast on
        /// the history before the origin (nil when it is 0 or too short).
        package var scale: Double?
        /// Each method's forecast with its error sd; the LSTM is missing when the history before
        /// the origin is too short to train it.
        package var predictions: [ForecastMethod: SeriesPrediction]
        /// The method the evaluation after training chose to serve the series.
        package var served: ForecastMethod
        /// Why, when an LSTM was trained.
        package var selection: String?
    }

    /// The cases of `histories`: origins at `n − k × horizon` for k = `origins` … 1, so the
    /// forecasts tile the last `origins × horizon` days. Series too short for an origin with
    /// two weeks of history before it are left out.
    package static func cases(_ histories: [ProductHistory], origins: Int, horizon: Int) -> [Case] {
        var out: [Case] = []
        for h in histories {
            for series in SeriesKind.allCases {
                for k in stride(from: origins, through: 1, by: -1) {
                    let origin = h.count - k * horizon
                    guard origin >= 14 else { continue }
                    out.append(
                        Case(
                            product: h.product, series: series, start: h.start, values: h.values(series),
                            origin: origin, horizon: horizon))
                }
            }
        }
        return out
    }

    /// Runs one case. Throws only for cancellation or an invalid configuration; a series too
    /// short for an LSTM is scored without one.
    package static func run(
        _ c: Case, configuration: ModelConfiguration,
        isCancelled: () -> Bool = { Task.isCancelled }
    ) throws -> Outcome {
        if let problem = configuration.problem { throw ForecastingError.invalidConfiguration(problem) }
        let history = Array(c.values[..<c.origin])
        let actual = Array(c.values[c.origin..<(c.origin + c.horizon)])
        var predictions: [ForecastMethod: SeriesPrediction] = [
            .seasonalNaive: SeasonalNaive.prediction(history: history, horizon: c.horizon)
        ]
        predictions[.holtWinters] = Baselines.holtWinters(history: history, horizon: c.horizon)
        var served = predictions[.holtWinters] == nil ? ForecastMethod.seasonalNaive : .holtWinters
        var selection: String?
        do {
            let job = TrainingJob(product: c.product, series: c.series, start: c.start, values: history)
            let outcome = try InitialTraining.train(job, configuration: configuration, isCancelled: isCancelled)
            predictions[.lstm] = SeriesForecast.lstm(outcome.model, history: history, start: c.start, horizon: c.horizon)
            served = outcome.model.metadata.servedBy
            selection = outcome.model.metadata.selection
        } catch is ForecastingError {
            // Too short for an LSTM, or it diverged: scored without one.
        }
        if predictions[served] == nil { served = .seasonalNaive }
        return Outcome(
            product: c.product, series: c.series, origin: c.start.advanced(by: c.origin), actual: actual,
            scale: SeasonalNaive.scale(history), predictions: predictions,
            served: served, selection: selection)
    }

    /// Scores of one method over one or more origins.
    package struct Score: Sendable {
        package var mae: Double
        package var rmse: Double
        /// Mean over origins of MAE / scale; nil when no origin had a scale.
        package var mase: Double?
        /// Fractions of the actual days inside the 80 % and 95 % intervals.
        package var coverage80: Double
        package var coverage95: Double
        /// Mean over origins of std(forecast) / std(actual); nil when the actual was flat.
        package var spreadRatio: Double?
        /// Days scored.
        package var days: Int
    }

    /// The scores of `method` over `outcomes` (for `.served` pass nil: each origin's served method).
    package static func score(_ outcomes: [Outcome], method: ForecastMethod?) -> Score? {
        var forecast: [Double] = [], actual: [Double] = [], lo80: [Double] = [], hi80: [Double] = [], lo95: [Double] = [], hi95: [Double] = []
        var mases: [Double] = [], spreads: [Double] = []
        for o in outcomes {
            guard let p = o.predictions[method ?? o.served] else { continue }
            forecast += p.values
            actual += o.actual
            let i80 = p.interval(0.8), i95 = p.interval(0.95)
            lo80 += i80.lower
            hi80 += i80.upper
            lo95 += i95.lower
            hi95 += i95.upper
            if let scale = o.scale, let mae = ForecastMetrics.mae(p.values, o.actual) { mases.append(mae / scale) }
            if let a = ForecastMetrics.spread(o.actual), a > 0, let f = ForecastMetrics.spread(p.values) { spreads.append(f / a) }
        }
        guard let mae = ForecastMetrics.mae(forecast, actual), let rmse = ForecastMetrics.rmse(forecast, actual),
            let c80 = ForecastMetrics.coverage(actual: actual, lower: lo80, upper: hi80),
            let c95 = ForecastMetrics.coverage(actual: actual, lower: lo95, upper: hi95)
        else { return nil }
        func mean(_ v: [Double]) -> Double? { v.isEmpty ? nil : v.reduce(0, +) / Double(v.count) }
        return Score(
            mae: mae, rmse: rmse, mase: mean(mases), coverage80: c80, coverage95: c95,
            spreadRatio: mean(spreads), days: actual.count)
    }
}
