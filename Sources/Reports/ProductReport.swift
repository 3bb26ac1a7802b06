import Planning
import StockcastCore

/// Which model forecast a series, and what became of it in this run.
package struct ModelInfo: Sendable, Equatable {
    /// The method that serves the series: `lstm`, `holt_winters` or `seasonal_naive`.
    package var source: String
    /// The model file's version, nil for the fallback.
    package var version: Int?
    /// The last day the model was trained on.
    package var trainedThrough: Day?
    /// The model's mean absolute error on its validation days, units/day.
    package var validationMAE: Double?
    /// What maintenance decided in the run that last changed it (a sentence).
    package var decision: String
    /// Why `source` serves: the validation comparison of the LSTM with the baselines, or why
    /// there is no LSTM.
    package var selection: String
    /// How the served forecast and its bounds can be recomputed from figures alone (JSON the
    /// forecasting wrote, see `ForecastRecipe`); nil when there is none.
    package var recipe: String?

    package init(
        source: String, version: Int?, trainedThrough: Day?, validationMAE: Double?, decision: String,
        selection: String = "", recipe: String? = nil
    ) {
        self.selection = selection
        self.recipe = recipe
        self.source = source
        self.version = version
        self.trainedThrough = trainedThrough
        self.validationMAE = validationMAE
        self.decision = decision
    }
}

/// How the forecasts made earlier did once the actual days arrived.
package struct LiveAccuracy: Sendable, Equatable {
    /// Days scored in total.
    package var days: Int
    /// Mean absolute error over the last 7 and 30 scored days, units/day (nil with none).
    package var mae7: Double?
    package var mae30: Double?
    /// Mean of forecast − actual over the same days, units/day (positive: forecasts too high).
    package var bias7: Double?
    package var bias30: Double?
    /// The MAE the weekly seasonal-naive forecast made at the same times would have had on the
    /// same days, units/day: the yardstick of `ForecastDegraded`.
    package var naiveMAE7: Double?
    package var naiveMAE30: Double?

    package init(
        days: Int, mae7: Double?, mae30: Double?, bias7: Double?, bias30: Double?,
        naiveMAE7: Double? = nil, naiveMAE30: Double? = nil
    ) {
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
package struct ProductReport: Sendable {
    package var product: String
    /// The last day of the product's history.
    package var dataThrough: Day
    /// The last (up to 90) days of history.
    package var history: [DayFigures]
    /// The forecast from the day after `dataThrough`, up to 90 days.
    package var forecast: [DayFigures]
    /// The sd of each forecast day's error (same days as `forecast`), units/day: the
    /// prediction intervals are forecast ± z·sd.
    package var uncertainty: [DayUncertainty]
    /// The plan over the configured horizon.
    package var plan: InventoryPlan
    package var sales: ModelInfo
    package var returns: ModelInfo
    package var salesAccuracy: LiveAccuracy
    package var returnsAccuracy: LiveAccuracy
    /// Alerts firing for this product.
    package var alerts: [ActiveAlert]
    /// The product's replenishment: planned from its stock, or off and why.
    package var replenishment: ReplenishmentStatus = .off(reason: ReplenishmentStatus.noStock)

    package init(
        product: String, dataThrough: Day, history: [DayFigures], forecast: [DayFigures],
        uncertainty: [DayUncertainty], plan: InventoryPlan,
        sales: ModelInfo, returns: ModelInfo, salesAccuracy: LiveAccuracy, returnsAccuracy: LiveAccuracy,
        alerts: [ActiveAlert]
    ) {
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

/// Whether a product's stock is planned into orders (DESIGN.md, "Replenishment").
package enum ReplenishmentStatus: Sendable, Equatable {
    /// No orders are proposed; the product keeps the seed's plan. The reason in words.
    case off(reason: String)
    /// Planned from its stock snapshot, open orders and parameters.
    case on(ReplenishmentPlan)

    /// Why a product without a stock snapshot has no replenishment.
    package static let noStock = "no stock snapshot for this product: a stock file with its on_hand turns replenishment on"

    /// The plan, when replenishment is on.
    package var plan: ReplenishmentPlan? {
        if case .on(let plan) = self { return plan }
        return nil
    }
}
