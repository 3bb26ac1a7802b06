import Forecasting
import Planning
import Reports
import StockcastCore
import Store

/// The fourth stage: puts one product's report together — its plan from the forecast, its
/// models' provenance and its live accuracy.
struct ReportAssembly: Sendable {
    let database: StockcastDatabase
    let forecasts: ForecastStage

    /// The report of one product planned over `horizon` days with `policy`: from the store,
    /// except what the caller already has (its history, its forecast and the models behind it).
    /// A policy that cannot plan falls back to `fallbackSafetyFactor`, said in `problems`.
    func report(
        _ product: String, history: ProductHistory? = nil, forecast given: ProductForecast? = nil,
        horizon: Int, policy: InventoryPolicy, fallbackSafetyFactor: Double, replenishment defaults: ReplenishmentParameters,
        problems: inout [String]
    ) throws -> ProductReport? {
        guard let h = try history ?? database.history(product: product) else { return nil }
        guard let forecast = try given ?? forecasts.stored(product, problems: &problems) else { return nil }
        let modelled = h.fillingGaps()
        let plan: InventoryPlan
        do {
            plan = try Planner.plan(forecast.days, uncertainty: forecast.uncertainty, horizon: horizon, policy: policy)
        } catch {
            problems.append("\(product): \(error); planned with the safety factor instead")
            plan = Planner.plan(forecast.days, horizon: horizon, safetyFactor: fallbackSafetyFactor)
        }
        let states = try database.seriesStates(product: product)
        func info(_ s: SeriesKind) -> ModelInfo {
            let decision = states[s]?.decision
            let m = forecast.models[s]
            let method = forecast[s].method
            var selection = m?.selection ?? ""
            if m == nil {
                selection = "\(method) serves: no LSTM yet (" + (decision ?? "not trained") + ")"
            } else if method != m!.servedBy {
                selection = "\(method) serves: the LSTM cannot forecast from this history"
            }
            return ModelInfo(
                source: method.rawValue, version: m?.version, trainedThrough: m?.trainedThrough,
                validationMAE: m?.validationMAE,
                decision: decision ?? (m == nil ? "no model" : "model v\(m!.version)"),
                selection: selection, recipe: forecast.recipes[s])
        }
        let first = max(0, h.count - 90)
        // A gap is unknown, not zero: NaN, drawn as a break in the line and null in report.json.
        let gaps = Set(h.gaps)
        let history = (first..<h.count).map {
            gaps.contains($0)
                ? DayFigures(day: h.start.advanced(by: $0), sales: .nan, returns: .nan)
                : DayFigures(day: h.start.advanced(by: $0), sales: h.sales[$0], returns: h.returns[$0])
        }
        var report = ProductReport(
            product: product, dataThrough: h.end, history: history, forecast: forecast.days,
            uncertainty: forecast.uncertainty, plan: plan,
            sales: info(.sales), returns: info(.returns), salesAccuracy: try accuracy(product, .sales, history: modelled),
            returnsAccuracy: try accuracy(product, .returns, history: modelled), alerts: [])
        report.replenishment = ReplenishmentAssembly.status(
            history: modelled, forecast: report.forecast, uncertainty: report.uncertainty,
            supply: try database.supply([product])[product], defaults: defaults, horizon: horizon)
        return report
    }

    /// How the forecasts of one series did on the days that have since arrived, beside what the
    /// weekly seasonal-naive forecast made on the same day would have said.
    func accuracy(_ product: String, _ s: SeriesKind, history h: ProductHistory) throws -> LiveAccuracy {
        let scored = try database.scoredDays(product: product, series: s, limit: 30)
        let values = h.values(s)
        func naive(_ d: ScoredDay) -> Double? {
            SeasonalNaive.value(for: d.day, madeThrough: d.madeThrough, history: values, start: h.start)
        }
        func mean(_ days: ArraySlice<ScoredDay>, _ f: (ScoredDay) -> Double?) -> Double? {
            let v = days.compactMap(f)
            return v.isEmpty || v.count < days.count ? nil : v.reduce(0, +) / Double(v.count)
        }
        let week = scored.prefix(7), month = scored.prefix(30)
        return LiveAccuracy(
            days: try database.scoredDayCount(product: product, series: s),
            mae7: mean(week) { abs($0.forecast - $0.actual) }, mae30: mean(month) { abs($0.forecast - $0.actual) },
            bias7: mean(week) { $0.forecast - $0.actual }, bias30: mean(month) { $0.forecast - $0.actual },
            naiveMAE7: mean(week) { d in naive(d).map { abs($0 - d.actual) } },
            naiveMAE30: mean(month) { d in naive(d).map { abs($0 - d.actual) } })
    }
}
