import StockcastCore

/// Sales and returns of one day, units/day: a forecast or the actual history.
public struct DayFigures: Sendable, Equatable, Codable {
    public var day: Day
    /// Units sold.
    public var sales: Double
    /// Units returned.
    public var returns: Double

    public init(day: Day, sales: Double, returns: Double) {
        self.day = day
        self.sales = sales
        self.returns = returns
    }
}

/// One day of the inventory plan, in units.
public struct PlanDay: Sendable, Equatable {
    public var day: Day
    public var forecastSales: Double
    public var forecastReturns: Double
    /// `forecastSales − forecastReturns`.
    public var netDemand: Double
    /// `max(0, netDemand × safetyFactor)`.
    public var recommendedInventory: Double
}

/// The seed dashboard's four headline figures over the plan's days.
public struct HeadlineMetrics: Sendable, Equatable {
    /// Mean forecast sales, units/day.
    public var averageSales: Double
    /// Mean forecast returns, units/day.
    public var averageReturns: Double
    /// Forecast returns ÷ forecast sales (fraction; 0 when nothing is sold).
    public var returnRate: Double
    /// Recommended inventory summed over the plan's days, units.
    public var recommendedInventory: Double
}

/// The inventory plan of one product over a horizon.
public struct InventoryPlan: Sendable, Equatable {
    public var days: [PlanDay]
    public var safetyFactor: Double
    public var metrics: HeadlineMetrics
}

/// The seed's inventory rule: per day, `net = sales − returns` and
/// `recommended = max(0, net × safetyFactor)`.
public enum Planner {
    /// Allowed safety factors (DESIGN.md).
    public static let safetyFactors: ClosedRange<Double> = 1.0...2.0
    /// Allowed horizons, days.
    public static let horizons: ClosedRange<Int> = 7...90

    /// The plan for the first `horizon` days of `forecast` (all of them when it is shorter).
    public static func plan(_ forecast: [DayFigures], horizon: Int, safetyFactor: Double) -> InventoryPlan {
        let days = forecast.prefix(max(horizon, 0)).map { point -> PlanDay in
            let net = point.sales - point.returns
            return PlanDay(day: point.day, forecastSales: point.sales, forecastReturns: point.returns,
                           netDemand: net, recommendedInventory: max(0, net * safetyFactor))
        }
        let n = Double(max(days.count, 1))
        let sales = days.reduce(0) { $0 + $1.forecastSales }
        let returns = days.reduce(0) { $0 + $1.forecastReturns }
        let metrics = HeadlineMetrics(averageSales: sales / n, averageReturns: returns / n,
                                      returnRate: sales > 0 ? returns / sales : 0,
                                      recommendedInventory: days.reduce(0) { $0 + $1.recommendedInventory })
        return InventoryPlan(days: Array(days), safetyFactor: safetyFactor, metrics: metrics)
    }
}
