import Neural
import StockcastCore

/// Forecasts of one series, in units/day, never negative, with the closed weekdays at 0.
package enum SeriesForecast {
    /// Days forecast from each validation origin of a series without a model: the default
    /// planning horizon.
    package static let validationHorizon = 30
    /// Days of history before a validation origin of a series without a model (four weeks).
    package static let validationHistory = 28
    /// Fewest validation origins for a choice; with fewer, `SeasonalMean` serves.
    package static let minimumOrigins = 2

    /// Both series of a product from the day after its history: each by its model's plan, or by
    /// the plan chosen from the history when it has no model.
    package static func predict(
        _ models: [SeriesKind: SeriesModel], history: ProductHistory,
        horizon: Int
    ) -> (sales: SeriesPrediction, returns: SeriesPrediction) {
        (
            predict(models[.sales], context: SeriesContext(history, .sales), horizon: horizon),
            predict(models[.returns], context: SeriesContext(history, .returns), horizon: horizon)
        )
    }

    /// The forecast of the `horizon` days after `context` by the method that serves the series:
    /// the model's plan (`ModelMetadata.serving`, or its `servedBy` in older files); without a
    /// model, the plan chosen on validation origins in the history (`plan(_:)`); with too little
    /// history for that, `SeasonalMean`. A method whose forecast or error sd is not a finite
    /// number of units, 0 or more (arithmetic overflowed on an extreme history), hands over to
    /// the next: the model's plan → the plan chosen from the history → `SeasonalMean` →
    /// seasonal naive, which always gives one (`SeriesPrediction.method` says which served).
    package static func predict(_ model: SeriesModel?, context: SeriesContext, horizon: Int) -> SeriesPrediction {
        if let model {
            if let plan = model.metadata.serving {
                if let p = serve(plan, model: model, context, horizon: horizon), p.isUsable { return p }
            } else if let p = legacy(model, context, horizon: horizon), p.isUsable {
                return p
            }
        }
        if let plan = plan(context), let p = serve(plan, model: nil, context, horizon: horizon), p.isUsable { return p }
        let p = fallback(context, horizon: horizon)
        return p.isUsable ? p : SeasonalNaive.prediction(history: context.values, horizon: horizon)
    }

    /// The plan of a series without a model: `MethodSelection` among the statistical
    /// candidates on origins every 14 days back from `validationHorizon` days before the end,
    /// each with `validationHistory` days before it; nil with fewer than `minimumOrigins`.
    package static func plan(_ context: SeriesContext) -> ServingPlan? {
        selection(context)?.plan
    }

    /// The choice behind `plan(_:)`, with every candidate's figures.
    package static func selection(_ context: SeriesContext) -> MethodSelection? {
        let origins = MethodSelection.origins(count: context.count, horizon: validationHorizon, earliest: validationHistory)
        guard origins.count >= minimumOrigins else { return nil }
        return MethodSelection.select(context, origins: origins, horizon: validationHorizon)
    }

    /// The method `predict` uses for this model and history.
    package static func method(_ model: SeriesModel?, context: SeriesContext) -> ForecastMethod {
        if let model {
            if let plan = model.metadata.serving { return plan.method }
            if let p = legacy(model, context, horizon: 1) { return p.method }
        }
        return plan(context)?.method ?? .seasonalMean
    }

    /// The forecast of `plan` (nil when its method cannot forecast this history: an LSTM with a
    /// history shorter than its window, a combination none of whose members can).
    static func serve(_ plan: ServingPlan, model: SeriesModel?, _ context: SeriesContext, horizon: Int) -> SeriesPrediction? {
        guard horizon > 0 else { return nil }
        let closed = ClosedDays.weekdays(history: context.values, start: context.start)
        let first = context.start.advanced(by: context.count)
        func fitted(_ m: ForecastMethod) -> (values: [Double], part: ForecastRecipe.Part)? {
            guard m == .lstm else { return Candidates.fitted(m, context, horizon: horizon, closed: closed, parameters: plan.parameters) }
            guard let model, let p = lstm(model, history: context.values, start: context.start, horizon: horizon) else { return nil }
            let values = ClosedDays.apply(p.values, closed: closed, first: first, weekdayAware: true)
            return (values, ForecastRecipe.Part(method: .lstm, formula: ForecastRecipe.Part.Formula.lstm))
        }
        var parts: [ForecastRecipe.Part] = []
        let forecast: [Double]?
        if plan.method == .combination {
            let rows = plan.members.compactMap { m in fitted(m.method).map { ($0, m.weight) } }
            forecast = rows.isEmpty ? nil : ServingPlan.combine(rows.map { ($0.0.values, $0.1) })
            let total = rows.reduce(0) { $0 + $1.1 }
            parts = rows.map { row, weight in
                var part = row.part
                part.weight = weight / total
                return part
            }
        } else {
            let single = fitted(plan.method)
            forecast = single?.values
            parts = single.map { [$0.part] } ?? []
        }
        guard let forecast, forecast.count == horizon else { return nil }
        let scale = IntervalCalibration.scale(context.values)
        var prediction =
            plan.calibration?.prediction(plan.method, values: forecast, scale: scale)
            ?? SeriesPrediction(method: plan.method, values: forecast, sd: SeasonalNaive.prediction(history: context.values, horizon: horizon).sd)
        prediction.recipe = ForecastRecipe(
            method: plan.method, parts: parts, firstDay: first, closedWeekdays: closed.sorted(), scale: scale,
            calibration: plan.calibration)
        return ClosedDays.zero(prediction, closed: closed, first: first)
    }

    /// A model file written before plans: its `servedBy` with the method's own error sds.
    private static func legacy(_ model: SeriesModel, _ context: SeriesContext, horizon: Int) -> SeriesPrediction? {
        let closed = ClosedDays.weekdays(history: context.values, start: context.start)
        let first = context.start.advanced(by: context.count)
        var p: SeriesPrediction?
        switch model.metadata.servedBy {
        case .lstm: p = lstm(model, history: context.values, start: context.start, horizon: horizon)
        case .holtWinters: p = Baselines.holtWinters(history: context.values, horizon: horizon)
        case .seasonalNaive: p = SeasonalNaive.prediction(history: context.values, horizon: horizon)
        default: p = nil
        }
        guard let p else { return nil }
        return ClosedDays.zero(p, closed: closed, first: first)
    }

    /// `SeasonalMean` with seasonal naive's error sds: for histories too short to choose on.
    static func fallback(_ context: SeriesContext, horizon: Int) -> SeriesPrediction {
        serve(ServingPlan(method: .seasonalMean), model: nil, context, horizon: horizon)
            ?? SeasonalNaive.prediction(history: context.values, horizon: horizon)
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
