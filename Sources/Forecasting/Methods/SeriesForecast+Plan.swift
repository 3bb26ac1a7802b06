// Serving a plan chosen earlier: a replay re-chooses the method now and then, not every day.
extension SeriesForecast {
    /// The forecast of the `horizon` days after `context` by `plan` (chosen on an earlier, shorter
    /// context, e.g. with `plan(_:)`), its calibration scaled to `context`; when the plan cannot
    /// forecast this history, or there is none, the fallbacks of `predict(_:context:horizon:)`:
    /// `SeasonalMean`, then seasonal naive.
    package static func predict(plan: ServingPlan?, context: SeriesContext, horizon: Int) -> SeriesPrediction {
        if let plan, let p = serve(plan, model: nil, context, horizon: horizon), p.isUsable { return p }
        let p = fallback(context, horizon: horizon)
        return p.isUsable ? p : SeasonalNaive.prediction(history: context.values, horizon: horizon)
    }
}
