import Planning
import StockcastCore

/// Which model forecast a series, and what became of it in this run.
public struct ModelInfo: Sendable, Equatable {
    /// The method that serves the series: `lstm`, `holt_winters` or `seasonal_naive`.
    public var source: String
    /// The model file's version, nil for the fallback.
    public var version: Int?
    /// The last day the model was trained on.
    public var trainedThrough: Day?
    /// The model's mean absolute error on its validation days, units/day.
    public var validationMAE: Double?
    /// What maintenance decided in the run that last changed it (a sentence).
    public var decision: String
    /// Why `source` serves: the validation comparison of the LSTM with the baselines, or why
    /// there is no LSTM.
    public var selection: String

    public init(source: String, version: Int?, trainedThrough: Day?, validationMAE: Double?, decision: String,
                selection: String = "") {
        self.selection = selection
        self.source = source
        self.version = version
        self.trainedThrough = trainedThrough
        self.validationMAE = validationMAE
        self.decision = decision
    }
}

/// How the forecasts made earlier did once the actual days arrived.
public struct LiveAccuracy: Sendable, Equatable {
    /// Days scored in total.
    public var days: Int
    /// Mean absolute error over the last 7 and 30 scored days, units/day (nil with none).
    public var mae7: Double?
    public var mae30: Double?
    /// Mean of forecast − actual over the same days, units/day (positive: forecasts too high).
    public var bias7: Double?
    public var bias30: Double?
    /// The MAE the weekly seasonal-naive forecast made at the same times would have had on the
    /// same days, units/day: the yardstick of `ForecastDegraded`.
    public var naiveMAE7: Double?
    public var naiveMAE30: Double?

    public init(days: Int, mae7: Double?, mae30: Double?, bias7: Double?, bias30: Double?,
                naiveMAE7: Double? = nil, naiveMAE30: Double? = nil) {
        self.naiveMAE7 = naiveMAE7
        self.naiveMAE30 = naiveMAE30
        self.days = days
        self.mae7 = mae7
        self.mae30 = mae30
        self.bias7 = bias7
        self.bias30 = bias30
    }
}

/// Everything the outbox says about one product after a run.
public struct ProductReport: Sendable {
    public var product: String
    /// The last day of the product's history.
    public var dataThrough: Day
    /// The last (up to 90) days of history.
    public var history: [DayFigures]
    /// The forecast from the day after `dataThrough`, up to 90 days.
    public var forecast: [DayFigures]
    /// The sd of each forecast day's error (same days as `forecast`), units/day: the
    /// prediction intervals are forecast ± z·sd.
    public var uncertainty: [DayUncertainty]
    /// The plan over the configured horizon.
    public var plan: InventoryPlan
    public var sales: ModelInfo
    public var returns: ModelInfo
    public var salesAccuracy: LiveAccuracy
    public var returnsAccuracy: LiveAccuracy
    /// Alerts firing for this product.
    public var alerts: [ActiveAlert]

    public init(product: String, dataThrough: Day, history: [DayFigures], forecast: [DayFigures],
                uncertainty: [DayUncertainty], plan: InventoryPlan,
                sales: ModelInfo, returns: ModelInfo, salesAccuracy: LiveAccuracy, returnsAccuracy: LiveAccuracy,
                alerts: [ActiveAlert]) {
        self.product = product
        self.dataThrough = dataThrough
        self.history = history
        self.forecast = forecast
        self.uncertainty = uncertainty
        self.plan = plan
        self.sales = sales
        self.returns = returns
        self.salesAccuracy = salesAccuracy
        self.returnsAccuracy = returnsAccuracy
        self.alerts = alerts
    }
}
