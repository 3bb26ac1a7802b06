import Forecasting
import Planning
import StockcastCore
import Store

/// The third stage: forecasts each product's two series by the method that serves each, and
/// stores the forecasts with their error sds and method (they are scored when the actuals
/// arrive).
struct ForecastStage: Sendable {
    let modelFiles: ModelFiles
    let database: StockcastDatabase

    /// Forecasts `settings.daysForecast` days of both series of each product from the day after
    /// its history ends. `maintained` holds the forecasts maintenance made with the models in
    /// hand; the other series' models are read on the worker that forecasts them and dropped
    /// once it has (only their metadata stays, for the reports), so that memory does not grow
    /// with the catalogue. An unreadable file goes to `problems` (a baseline serves).
    func run(
        _ histories: [ProductHistory], maintained: [SeriesKey: MaintainedForecast] = [:], settings: DaemonSettings,
        problems: inout [String]
    ) async throws -> [String: ProductForecast] {
        let days = settings.daysForecast
        let results = try await ParallelTraining.map(
            histories, concurrency: settings.concurrency,
            { h, _ in
                var problems: [String] = []
                func forecast(_ kind: SeriesKind) -> MaintainedForecast {
                    if let given = maintained[SeriesKey(product: h.product, series: kind)] { return given }
                    let model = self.model(h.product, kind, problems: &problems)
                    return MaintainedForecast(
                        prediction: SeriesForecast.predict(model, context: SeriesContext(h, kind), horizon: days), metadata: model?.metadata)
                }
                let sales = forecast(.sales), returns = forecast(.returns)
                let metadata = [SeriesKind.sales: sales.metadata, .returns: returns.metadata].compactMapValues { $0 }
                return (sales.prediction, returns.prediction, metadata, problems)
            })
        var out: [String: ProductForecast] = [:]
        var records: [ForecastRecord] = []
        for (h, result) in zip(histories, results) {
            guard case let .success((sales, returns, models, found)) = result else { continue }
            problems += found
            var f = ProductForecast(start: h.end.advanced(by: 1), sales: sales, returns: returns, models: models)
            for kind in SeriesKind.allCases {
                let p = f[kind]
                f.recipes[kind] = p.recipe?.json
                records.append(
                    ForecastRecord(
                        product: h.product, series: kind, start: f.start, values: p.values, sd: p.sd,
                        method: p.method.rawValue, madeThrough: h.end, intervals: p.bounds?.days, recipe: f.recipes[kind]))
            }
            out[h.product] = f
        }
        try database.saveForecasts(records)
        return out
    }

    /// The model of one series of `product` read from its file; nil without one (an unreadable
    /// file goes to `problems`, so a baseline serves).
    func model(_ product: String, _ kind: SeriesKind, problems: inout [String]) -> SeriesModel? {
        do {
            return try modelFiles.read(product: product, series: kind)
        } catch {
            problems.append("\(error); forecasting \(product) \(kind) with a baseline")
            return nil
        }
    }

    /// The forecast stored for `product` by an earlier run, with the metadata of the models
    /// behind it; nil when there is none (or its two series do not start on the same day).
    func stored(_ product: String, problems: inout [String]) throws -> ProductForecast? {
        guard let s = try database.forecast(product: product, series: .sales),
            let r = try database.forecast(product: product, series: .returns), s.start == r.start
        else { return nil }
        var models: [SeriesKind: ModelMetadata] = [:]
        for kind in SeriesKind.allCases { models[kind] = model(product, kind, problems: &problems)?.metadata }
        func prediction(_ k: SeriesKind, _ stored: StoredForecast) -> SeriesPrediction {
            let method = ForecastMethod(rawValue: stored.method) ?? models[k]?.servedBy ?? .seasonalMean
            return SeriesPrediction(
                method: method, values: stored.values, sd: stored.sd,
                bounds: stored.intervals.flatMap { PredictionBounds(days: $0) })
        }
        return ProductForecast(
            start: s.start, sales: prediction(.sales, s), returns: prediction(.returns, r), models: models,
            recipes: [.sales: s.recipe, .returns: r.recipe].compactMapValues { $0 })
    }
}

/// One product's forecast of both series, with the error sd of each day, the method that made
/// each and the metadata of the models behind them.
struct ProductForecast: Sendable {
    var start: Day
    var sales: SeriesPrediction
    var returns: SeriesPrediction
    /// The metadata of the series' models (absent: none, a baseline serves).
    var models: [SeriesKind: ModelMetadata]
    /// Each series' recipe as JSON (`ForecastRecipe.json`); absent when its forecast has none.
    var recipes: [SeriesKind: String] = [:]

    subscript(kind: SeriesKind) -> SeriesPrediction { kind == .sales ? sales : returns }

    var days: [DayFigures] {
        (0..<min(sales.values.count, returns.values.count)).map {
            DayFigures(day: start.advanced(by: $0), sales: sales.values[$0], returns: returns.values[$0])
        }
    }

    var uncertainty: [DayUncertainty] {
        (0..<min(sales.sd.count, returns.sd.count)).map {
            DayUncertainty(
                day: start.advanced(by: $0), salesSD: sales.sd[$0], returnsSD: returns.sd[$0],
                intervals: SeriesPrediction.intervals(sales: sales, returns: returns, day: $0))
        }
    }
}
