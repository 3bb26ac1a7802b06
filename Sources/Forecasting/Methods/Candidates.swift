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
        closed: Set<Int>? = nil
    ) -> [Double]? {
        guard horizon > 0 else { return nil }
        let y = context.values
        let raw: [Double]?
        switch method {
        case .lstm, .combination: raw = nil
        case .seasonalNaive: raw = SeasonalNaive.forecast(history: y, horizon: horizon)
        case .seasonalMean: raw = SeasonalMean.forecast(history: y, start: context.start, horizon: horizon)
        case .holtWinters: raw = Baselines.holtWinters(history: y, horizon: horizon)?.values
        case .autoETS: raw = AutoETS.forecast(history: y, horizon: horizon)
        case .returnsFromSales:
            raw =
                context.series == .returns
                ? context.sales.flatMap {
                    ReturnsFromSales.forecast(returns: y, sales: $0, start: context.start, horizon: horizon)
                } : nil
        case .crostonSBA: raw = flat(IntermittentMethods.crostonSBA(y), horizon)
        case .tsb: raw = flat(IntermittentMethods.tsb(y).rate, horizon)
        case .adida: raw = flat(IntermittentMethods.adida(y), horizon)
        case .imapa: raw = flat(IntermittentMethods.imapa(y), horizon)
        }
        guard let raw, raw.allSatisfy(\.isFinite) else { return nil }
        return ClosedDays.apply(
            raw.map { max(0, $0) }, closed: closed ?? ClosedDays.weekdays(history: y, start: context.start),
            first: context.start.advanced(by: y.count), weekdayAware: method.isWeekdayAware)
    }

    private static func flat(_ rate: Double, _ horizon: Int) -> [Double] { [Double](repeating: rate, count: horizon) }
}
