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
        /// For returns, the product's sales on the same days (units/day).
        package var sales: [Double]?

        /// The training job of the days before the origin.
        package var job: TrainingJob {
            TrainingJob(product: product, series: series, start: start, values: Array(values[..<origin]), sales: sales.map { Array($0[..<origin]) })
        }

        /// What the methods see: the whole series and its sales.
        var context: SeriesContext { SeriesContext(series: series, start: start, values: values, sales: sales) }
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
        /// Why it serves.
        package var selection: String?
        /// The forecast that served, made as the daemon makes it (`SeriesForecast.predict`).
        package var servedPrediction: SeriesPrediction? = nil
        /// The validation behind the choice of every method (all of them scored, not only those
        /// offered), when there was one.
        package var validation: MethodSelection? = nil

        /// The served forecast (`servedPrediction`, or the served method's row).
        var servedForecast: SeriesPrediction? { servedPrediction ?? predictions[served] }
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
                            origin: origin, horizon: horizon, sales: series == .returns ? h.sales : nil))
                }
            }
        }
        return out
    }

    /// Runs one case: the LSTM trained on the days before the origin as an initial training
    /// would (from `warmStart`'s base when given; its validation origins choose the serving
    /// method), every statistical method fitted
    /// to the same days, each calibrated on the same validation origins, and the served forecast
    /// made as the daemon makes it. Throws only for cancellation or an invalid configuration; a
    /// series too short for an LSTM is scored without one (its method chosen as the daemon does).
    package static func run(
        _ c: Case, configuration: ModelConfiguration, warmStart: WarmStart? = nil,
        isCancelled: () -> Bool = { Task.isCancelled }
    ) throws -> Outcome {
        if let problem = configuration.problem { throw ForecastingError.invalidConfiguration(problem) }
        let context = c.context.prefix(c.origin)
        let actual = Array(c.values[c.origin..<(c.origin + c.horizon)])
        var model: SeriesModel?
        var origins: [Int] = [], horizon = SeriesForecast.validationHorizon
        var lstmRows: [Int: [Double]]?
        var choice: MethodSelection?
        do {
            let outcome = try InitialTraining.train(c.job, configuration: configuration, warmStart: warmStart, isCancelled: isCancelled)
            model = outcome.model
            origins = outcome.validationForecasts.keys.sorted(by: >)
            horizon = configuration.outputDays
            lstmRows = outcome.validationForecasts
            choice = outcome.selection
        } catch is ForecastingError {
            // Too short for an LSTM, or it diverged: scored without one.
            origins = MethodSelection.origins(count: context.count, horizon: horizon, earliest: SeriesForecast.validationHistory)
            choice = SeriesForecast.selection(context)
        }
        // Every method on the served choice's origins, for its row and its calibrated intervals.
        let all = ForecastMethod.allCases.filter { $0 != .lstm && $0 != .combination }
        let rows = MethodSelection.select(context, origins: origins, horizon: horizon, lstm: lstmRows, offered: all)
        let closed = ClosedDays.weekdays(history: context.values, start: c.start)
        var predictions: [ForecastMethod: SeriesPrediction] = [:]
        let scale = IntervalCalibration.scale(context.values)
        for method in ForecastMethod.allCases where method != .combination {
            var values: [Double]?
            if method == .lstm {
                values = model.flatMap { SeriesForecast.lstm($0, history: context.values, start: c.start, horizon: c.horizon) }
                    .map { ClosedDays.apply($0.values, closed: closed, first: c.start.advanced(by: c.origin), weekdayAware: true) }
            } else {
                values = Candidates.forecast(method, context, horizon: c.horizon, closed: closed)
            }
            guard let values else { continue }
            let p =
                rows?.calibrations[method]?.prediction(method, values: values, scale: scale)
                ?? SeriesPrediction(method: method, values: values, sd: SeasonalNaive.prediction(history: context.values, horizon: c.horizon).sd)
            predictions[method] = ClosedDays.zero(p, closed: closed, first: c.start.advanced(by: c.origin))
        }
        if let choice, !choice.combination.isEmpty {
            let plan = ServingPlan(method: .combination, members: choice.combination, calibration: choice.calibrations[.combination])
            predictions[.combination] = SeriesForecast.serve(plan, model: model, context, horizon: c.horizon)
        }
        let served = SeriesForecast.predict(model, context: context, horizon: c.horizon)
        let selection = model?.metadata.selection ?? choice?.reason
        return Outcome(
            product: c.product, series: c.series, origin: c.start.advanced(by: c.origin), actual: actual,
            scale: SeasonalNaive.scale(context.values), predictions: predictions,
            served: served.method, selection: selection, servedPrediction: served, validation: rows)
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
            guard let p = method.map({ o.predictions[$0] }) ?? o.servedForecast else { continue }
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
