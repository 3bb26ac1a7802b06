import Forecasting
import Ingest
import Planning
import StockcastCore

/// Everything the daemon can be told (DESIGN.md's defaults), resolved by the command line from
/// defaults, the configuration file, the environment and flags.
package struct DaemonSettings: Sendable {
    /// Directory the ERP drops files into.
    package var inbox: String = "inbox"
    /// Directory reports are published to.
    package var outbox: String = "outbox"
    /// Directory of the database and model files.
    package var models: String = "models"
    /// Seconds a file that was written in place must keep its size and modification time
    /// before it is taken (a file renamed into the inbox is taken at once).
    package var settleSeconds: Double = 1.0
    /// Seconds between full listings of the inbox when no event arrives (a safety net).
    package var rescanSeconds: Double = 30
    /// Days of the inventory plan (7–90).
    package var horizon: Int = 30
    /// Multiplier of net demand (1.0–2.0).
    package var safetyFactor: Double = 1.2
    /// The seed's safety factor (the default) or the service level.
    package var policyKind: InventoryPolicy.Kind = .safetyFactor
    /// Service-level policy, and replenishment's default: the fraction of days the stock should cover (0.5–0.999).
    package var serviceLevel: Double = 0.95
    /// Service-level policy, and replenishment's default: days from order to delivery.
    package var leadTimeDays: Int = 7
    /// Service-level policy, and replenishment's default: days between stock reviews.
    package var reviewDays: Int = 1
    /// Replenishment's default minimum order quantity, units (0: none).
    package var moq: Double = 0
    /// Replenishment's default pack size: orders are whole multiples of it, units (1: single units).
    package var packSize: Double = 1
    /// Days forecast and stored for the dashboard (at least `horizon`).
    package var forecastDays: Int = 90
    /// Days each run forecasts: `forecastDays`, or the horizon when that is longer.
    package var daysForecast: Int { max(forecastDays, horizon) }
    package var thresholds = AlertThresholds()
    package var model = ModelConfiguration()
    package var fineTuning = FineTuneConfiguration()
    /// When series trained from scratch start from a shared base model (`BaseModel`).
    package var warmStart = WarmStartConfiguration()
    package var ingest = IngestOptions()
    /// Dates before this day (`YYYY-MM-DD`) reject a file as implausible (placeholder dates,
    /// mistyped years); dates more than ten years after today always do.
    package var earliestDate: String = "1990-01-01"
    /// The most products the history may hold: a file that would bring more is rejected (a
    /// runaway export of a million ids would otherwise train, forecast and publish each).
    package var maxProducts: Int = 10_000
    /// Seconds a database write waits for another process's lock before the file is retried.
    package var databaseBusySeconds: Double = 10
    /// The most units one row may carry, and one product's sales or returns on one day: a file
    /// with more is rejected as implausible (a mistyped or placeholder number, 1e19, would
    /// otherwise be trained on and drive every forecast and chart of the product).
    package var maxQuantity: Double = IngestOptions.defaultMaxQuantity
    /// Models trained at once.
    package var concurrency: Int = ResourceUsage.cores

    /// Values the configuration gave that could not be read, each with the key and what it
    /// takes (for example an unknown policy name); `problem` reports the first.
    package var unreadable: [String] = []

    package init() {}

    /// Why these settings cannot run, or nil.
    package var problem: String? {
        guard !inbox.isEmpty, !outbox.isEmpty, !models.isEmpty else { return "the inbox, outbox and models directories must be named" }
        if let unread = unreadable.first { return unread }
        guard Planner.horizons.contains(horizon) else { return "horizon \(horizon) days (7–90 allowed)" }
        guard Planner.safetyFactors.contains(safetyFactor) else { return "safetyFactor \(safetyFactor) (1.0–2.0 allowed)" }
        guard settleSeconds >= 0, settleSeconds <= 3600 else { return "settleSeconds \(settleSeconds) (0–3600)" }
        guard rescanSeconds >= 0.1, rescanSeconds <= 86_400 else { return "rescanSeconds \(rescanSeconds) (0.1–86400)" }
        guard databaseBusySeconds >= 0, databaseBusySeconds <= 3600 else { return "databaseBusySeconds \(databaseBusySeconds) (0–3600)" }
        guard (1...256).contains(concurrency) else { return "concurrency \(concurrency) (1–256)" }
        guard (horizon...366).contains(forecastDays) else { return "forecastDays \(forecastDays) (the horizon, \(horizon), to 366)" }
        guard Day(iso: earliestDate) != nil else { return "earliestDate \(earliestDate) (a day written YYYY-MM-DD)" }
        guard (1...10_000_000).contains(maxProducts) else { return "maxProducts \(maxProducts) (1–10000000)" }
        guard maxQuantity >= 1, maxQuantity <= IngestOptions.largestMaxQuantity else {
            return "maxQuantity \(maxQuantity) (1 to 1e15 units: beyond, whole units are not exact in a double)"
        }
        // Checked whichever policy is chosen, so that switching policy by a reload cannot fail.
        let serviceLevelPolicy = InventoryPolicy.serviceLevel(target: serviceLevel, leadTimeDays: leadTimeDays, reviewDays: reviewDays)
        if let p = serviceLevelPolicy.problem { return "serviceLevel, leadTimeDays, reviewDays: \(p)" }
        guard leadTimeDays <= 365, reviewDays <= 365 else { return "leadTimeDays and reviewDays must be at most 365" }
        for (key, value) in [
            ("alerts.returnRate", thresholds.returnRate), ("alerts.volatility", thresholds.volatility),
            ("alerts.inventorySpike", thresholds.inventorySpike), ("alerts.degradedMargin", thresholds.degradedMargin),
        ]
        where !(value.isFinite && value >= 0 && value <= 1_000) {
            return "\(key) \(value) (0–1000)"
        }
        guard moq.isFinite, moq >= 0, moq <= maxQuantity else { return "moq \(moq) (0 to maxQuantity units)" }
        guard packSize.isFinite, packSize > 0, packSize <= maxQuantity else { return "packSize \(packSize) (more than 0, at most maxQuantity units)" }
        guard thresholds.overstockDays.isFinite, thresholds.overstockDays >= 1, thresholds.overstockDays <= 3650 else {
            return "alerts.overstockDays \(thresholds.overstockDays) (1–3650 days)"
        }
        guard (1...365).contains(thresholds.degradedDays) else { return "alerts.degradedDays \(thresholds.degradedDays) (1–365)" }
        if let p = ingest.problem { return p }
        if let p = model.problem { return "training: \(p)" }
        if let p = fineTuning.problem { return p }
        if let p = warmStart.problem { return p }
        return nil
    }

    /// The inventory policy these settings choose.
    package var policy: InventoryPolicy {
        switch policyKind {
        case .serviceLevel: .serviceLevel(target: serviceLevel, leadTimeDays: leadTimeDays, reviewDays: reviewDays)
        case .safetyFactor: .safetyFactor(safetyFactor)
        }
    }

    /// The replenishment parameters of a product the product master says nothing of.
    package var replenishmentDefaults: ReplenishmentParameters {
        ReplenishmentParameters(leadTimeDays: leadTimeDays, reviewDays: reviewDays, serviceLevel: serviceLevel, moq: moq, packSize: packSize)
    }

    /// How to read a file arriving now: the configured options, the earliest date, no date later
    /// than ten years from `today`, at most `maxProducts` products, at most `maxQuantity` units
    /// per row and per product-day.
    package func ingestOptions(today: Day) -> IngestOptions {
        var options = ingest
        options.earliestDay = Day(iso: earliestDate) ?? IngestOptions.defaultEarliestDay
        options.latestDay = today.advanced(by: DaemonSettings.latestDaysAhead)
        options.maxProducts = maxProducts
        options.maxQuantity = maxQuantity
        return options
    }

    /// How far after today a date may lie: ten years.
    package static let latestDaysAhead = 3653

    /// `models/stockcast.sqlite`.
    package var databasePath: String { models + "/stockcast.sqlite" }
}
