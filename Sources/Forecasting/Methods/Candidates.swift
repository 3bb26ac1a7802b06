import StockcastCore

/// The statistical candidates for a series (every method but the LSTM and the combination),
/// each fitted to the history it is given: forecasts in units/day, never negative, with the
/// closed weekdays (`ClosedDays`) at 0.
package enum Candidates {
    /// The statistical methods offered for `context`: seasonal naive and seasonal mean always;
    /// AutoETS from `AutoETS.minimumDays` days; returns from sales for a returns
    /// series with its sales; the intermittent methods for an intermittent or lumpy series
    /// (`DemandClass`).
    package static func offered(_ context: SeriesContext) -> [ForecastMethod] {
        var methods: [ForecastMethod] = [.seasonalNaive, .seasonalMean]
        if context.count >= AutoETS.minimumDays { methods.append(.autoETS) }
        if context.series == .returns, let sales = context.sales,
            ReturnsFromSales.fit(returns: context.values, sales: sales) != nil
        {
            methods.append(.returnsFromSales)
        }
        if DemandClass.classify(context.values).demandClass.isIntermittent {
            methods += [.crostonSBA, .tsb, .adida, .imapa]
        }
        return methods
    }

    /// The forecast of `method` for the `horizon` days after `context`; nil for the LSTM, the
    /// combination, or a method that cannot forecast this history. `closed` are the closed
    /// weekdays of the history (computed when nil).
    package static func forecast(
        _ method: ForecastMethod, _ context: SeriesContext, horizon: Int,
        closed: Set<Int>? = nil, parameters: CandidateParameters? = nil
    ) -> [Double]? {
        fitted(method, context, horizon: horizon, closed: closed, parameters: parameters)?.values
    }

    /// `forecast(_:_:horizon:closed:)` with the fitted figures behind it, as a recipe's part
    /// (weight 1): what a script needs to recompute the raw forecast. AutoETS (for the series,
    /// or for returns from sales' future sales) is re-run with `parameters` where they hold its
    /// model, and fitted otherwise.
    package static func fitted(
        _ method: ForecastMethod, _ context: SeriesContext, horizon: Int,
        closed: Set<Int>? = nil, parameters: CandidateParameters? = nil
    ) -> (values: [Double], part: ForecastRecipe.Part)? {
        guard horizon > 0 else { return nil }
        typealias Formula = ForecastRecipe.Part.Formula
        let y = context.values
        var raw: [Double]?
        var formula = Formula.week
        var figures: [String: [Double]] = [:]
        switch method {
        case .lstm, .combination: return nil
        case .seasonalNaive:
            raw = SeasonalNaive.forecast(history: y, horizon: horizon)
            figures["week"] = raw.map { week($0) }
        case .seasonalMean:
            raw = SeasonalMean.forecast(history: y, start: context.start, horizon: horizon)
            formula = Formula.seasonalMean
            figures = [
                "level": [max(0, SeasonalMean.level(y))], "profile": SeasonalMean.profile(history: y, start: context.start),
                "week": raw.map { week($0) } ?? [],
            ]
        case .holtWinters:
            let fit = y.count >= Baselines.holtWintersMinimumDays ? HoltWinters.fit(y) : nil
            raw = fit?.forecast(horizon: horizon)
            formula = Formula.holtWinters
            if let fit { figures = ["level": [fit.level], "trend": [fit.trend], "seasonal": fit.seasonal] }
        case .autoETS:
            let fit = AutoETS.model(y, parameters: parameters?.ets)
            raw = fit?.forecast(horizon: horizon)
            if let fit {
                formula = String(format: Formula.ets, fit.spec.description)
                figures = [
                    "alpha": [fit.alpha], "beta": [fit.beta], "gamma": [fit.gamma], "phi": [fit.phi], "level": [fit.level],
                    "trend": [fit.trend], "seasonal": fit.seasonal,
                ]
            }
        case .returnsFromSales:
            guard context.series == .returns, let sales = context.sales,
                let fit = ReturnsFromSales.fit(returns: y, sales: sales)
            else { return nil }
            let future = ReturnsFromSales.futureSales(sales, start: context.start, horizon: horizon, parameters: parameters?.salesETS)
            raw = fit.forecast(sales: sales, futureSales: future, horizon: horizon)
            formula = Formula.returnsFromSales
            figures = [
                "rate": [fit.rate], "weights": fit.weights, "recent_sales": Array(sales.suffix(ReturnsFromSales.maximumLag)),
                "future_sales": future,
            ]
        case .crostonSBA, .adida, .imapa:
            let rate =
                method == .crostonSBA ? IntermittentMethods.crostonSBA(y) : method == .adida ? IntermittentMethods.adida(y) : IntermittentMethods.imapa(y)
            raw = flat(rate, horizon)
            formula = Formula.flat
            figures = ["rate": [rate]]
        case .tsb:
            let fit = IntermittentMethods.tsb(y)
            raw = flat(fit.rate, horizon)
            formula = Formula.flat
            figures = ["rate": [fit.rate], "alpha_d": [fit.alphaD], "alpha_p": [fit.alphaP]]
        }
        guard let raw, raw.count == horizon, raw.allSatisfy(\.isFinite) else { return nil }
        let values = ClosedDays.apply(
            raw.map { max(0, $0) }, closed: closed ?? ClosedDays.weekdays(history: y, start: context.start),
            first: context.start.advanced(by: y.count), weekdayAware: method.isWeekdayAware)
        return (values, ForecastRecipe.Part(method: method, formula: formula, figures: figures))
    }

    /// The first seven days of a forecast that repeats weekly.
    private static func week(_ values: [Double]) -> [Double] { Array(values.prefix(7)) }

    private static func flat(_ rate: Double, _ horizon: Int) -> [Double] { [Double](repeating: rate, count: horizon) }
}
