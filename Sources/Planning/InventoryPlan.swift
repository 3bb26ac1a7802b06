import StockcastCore

/// Sales and returns of one day, units/day: a forecast or the actual history.
package struct DayFigures: Sendable, Equatable, Codable {
    package var day: Day
    /// Units sold.
    package var sales: Double
    /// Units returned.
    package var returns: Double

    package init(day: Day, sales: Double, returns: Double) {
        self.day = day
        self.sales = sales
        self.returns = returns
    }
}

/// How uncertain the forecast of one day is: the standard deviations of its sales and returns,
/// units/day (for example from the models' validation errors), and, when the forecasting
/// calibrated them, its prediction intervals.
package struct DayUncertainty: Sendable, Equatable, Codable {
    package var day: Day
    /// Standard deviation of the day's sales, units.
    package var salesSD: Double
    /// Standard deviation of the day's returns, units.
    package var returnsSD: Double
    /// The calibrated 80 % and 95 % prediction intervals, units: sales lower 80, upper 80,
    /// lower 95, upper 95, then the same of returns (`Rendering.intervalColumns`); nil: the
    /// intervals are the forecast ± z·sd.
    package var intervals: [Double]?

    package init(day: Day, salesSD: Double, returnsSD: Double, intervals: [Double]? = nil) {
        self.day = day
        self.salesSD = salesSD
        self.returnsSD = returnsSD
        self.intervals = intervals.flatMap { $0.count == 8 ? $0 : nil }
    }

    /// Standard deviation of the day's net demand (sales − returns), units:
    /// `σ_d = sqrt(salesSD² + returnsSD²)`. This assumes the sales and returns errors are
    /// independent; errors that move together would make the true figure smaller, errors that
    /// move apart larger.
    package var netDemandSD: Double {
        (salesSD * salesSD + returnsSD * returnsSD).squareRoot()
    }
}

/// One day of the inventory plan, in units.
package struct PlanDay: Sendable, Equatable {
    package var day: Day
    package var forecastSales: Double
    package var forecastReturns: Double
    /// `forecastSales − forecastReturns`.
    package var netDemand: Double
    /// Stock to hold for the day. Safety factor: `max(0, netDemand × factor)`. Service level:
    /// `max(0, netDemand + z·σ_d)`, the day's net demand at the service level.
    package var recommendedInventory: Double
    /// Service level only (nil otherwise): `z · sqrt(Σ σ_j²)` over the lead time that starts on
    /// this day, at least 0.
    package var safetyStock: Double? = nil
    /// Service level only (nil otherwise): the stock at which to order when this day starts,
    /// net demand over the lead time plus `safetyStock`, at least 0.
    package var reorderPoint: Double? = nil
    /// Service level only (nil otherwise): the level an order placed on this day should bring
    /// stock up to, the net demand over lead time plus review period plus its safety stock,
    /// at least 0.
    package var orderUpTo: Double? = nil
}

/// The seed dashboard's four headline figures over the plan's days.
package struct HeadlineMetrics: Sendable, Equatable {
    /// Mean forecast sales, units/day.
    package var averageSales: Double
    /// Mean forecast returns, units/day.
    package var averageReturns: Double
    /// Forecast returns ÷ forecast sales (fraction; 0 when nothing is sold).
    package var returnRate: Double
    /// Recommended inventory summed over the plan's days, units.
    package var recommendedInventory: Double
}

/// The inventory plan of one product over a horizon.
package struct InventoryPlan: Sendable, Equatable {
    package var days: [PlanDay]
    /// The policy the plan was made with.
    package var policy: InventoryPolicy
    /// The headline figures of `days`.
    package var metrics: HeadlineMetrics { Planner.metrics(days) }

    /// The safety factor of a `.safetyFactor` plan (dimensionless); nil under any other policy.
    package var safetyFactor: Double? { policy.safetyFactor }
}

/// Why a plan could not be made.
package enum PlanningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The policy is out of range; the text is its `problem`.
    case invalidPolicy(String)
    /// A service-level plan was asked for without the forecast's standard deviations.
    case noUncertainty
    /// A service-level plan needs the standard deviation of this forecast day and was not given it.
    case missingUncertainty(Day)
    /// The standard deviations given for this day are negative or not numbers.
    case invalidUncertainty(Day)

    package var description: String {
        switch self {
        case .invalidPolicy(let problem):
            return problem
        case .noUncertainty:
            return "a service-level plan needs the standard deviation of each forecast day's sales and returns; none were given"
        case .missingUncertainty(let day):
            return "a service-level plan needs the standard deviation of sales and returns on \(day), and none was given for that day"
        case .invalidUncertainty(let day):
            return "the standard deviations of sales and returns on \(day) must be zero or more"
        }
    }
}

/// Turns a per-day forecast into an inventory plan under an `InventoryPolicy`.
package enum Planner {
    /// Allowed safety factors (DESIGN.md).
    package static let safetyFactors: ClosedRange<Double> = 1.0...2.0
    /// Allowed horizons, days.
    package static let horizons: ClosedRange<Int> = 7...90

    /// The seed's plan: `.safetyFactor(safetyFactor)` over the first `horizon` days of
    /// `forecast` (all of them when it is shorter). Unlike `plan(_:uncertainty:horizon:policy:)`
    /// it does not check the factor against `safetyFactors`: callers validate their settings.
    package static func plan(_ forecast: [DayFigures], horizon: Int, safetyFactor: Double) -> InventoryPlan {
        let days = forecast.prefix(max(horizon, 0)).map { point -> PlanDay in
            let net = FiniteArithmetic.capped(point.sales - point.returns)
            return PlanDay(
                day: point.day, forecastSales: point.sales, forecastReturns: point.returns,
                netDemand: net, recommendedInventory: max(0, FiniteArithmetic.capped(net * safetyFactor)))
        }
        return InventoryPlan(days: days, policy: .safetyFactor(safetyFactor))
    }

    /// The plan for the first `horizon` days of `forecast` (all of them when it is shorter)
    /// under `policy`.
    ///
    /// Under `.serviceLevel(target:leadTimeDays:reviewDays:)`, with L the lead time, R the review
    /// period, `net_j` day j's net demand, `σ_j` its `DayUncertainty.netDemandSD` and
    /// `z = Φ⁻¹(target)`, plan day d (0-based) has
    /// - `recommendedInventory = max(0, net_d + z·σ_d)`,
    /// - `safetyStock = z · sqrt(Σ_{j=d}^{d+L−1} σ_j²)`,
    /// - `reorderPoint = Σ_{j=d}^{d+L−1} net_j + safetyStock`,
    /// - `orderUpTo = Σ_{j=d}^{d+L+R−1} net_j + z · sqrt(Σ_{j=d}^{d+L+R−1} σ_j²)`,
    ///
    /// each at least 0. The sums run over days of `forecast`, not only of the horizon: pass a
    /// forecast at least L + R − 1 days longer than the horizon (the daemon forecasts 90 days).
    /// Where a sum would run past the end of `forecast` it covers the days there are, so the
    /// last days' figures understate a full lead time.
    ///
    /// - Parameters:
    ///   - forecast: consecutive forecast days, units/day.
    ///   - uncertainty: standard deviations of the forecast days, matched to them by `day`;
    ///     used only by a service-level policy, which needs one for every forecast day its sums
    ///     reach (the first `horizon + L + R − 1`). Extra days are ignored; for a day listed
    ///     twice the first entry counts.
    ///   - horizon: plan days (`horizons` is what the daemon allows; not checked here).
    ///   - policy: checked with `InventoryPolicy.problem`.
    /// - Throws: `PlanningError.invalidPolicy` for a policy out of range; under a service level,
    ///   `.noUncertainty` when `uncertainty` is nil, `.missingUncertainty` for a forecast day the
    ///   sums need without a standard deviation, `.invalidUncertainty` for a negative or
    ///   non-finite one.
    package static func plan(
        _ forecast: [DayFigures], uncertainty: [DayUncertainty]? = nil, horizon: Int,
        policy: InventoryPolicy = .seedDefault
    ) throws(PlanningError) -> InventoryPlan {
        if let problem = policy.problem { throw .invalidPolicy(problem) }
        switch policy {
        case .safetyFactor(let factor):
            return plan(forecast, horizon: horizon, safetyFactor: factor)
        case .serviceLevel(let target, let leadTime, let review):
            guard let uncertainty else { throw .noUncertainty }
            let planned = min(max(horizon, 0), forecast.count)
            // Days the sums reach: the last plan day's lead time and review period, within the forecast.
            let reached = planned == 0 ? 0 : planned - 1 + min(forecast.count - (planned - 1), reviewSpan(leadTime, review))
            let byDay = Dictionary(uncertainty.map { ($0.day, $0) }, uniquingKeysWith: { first, _ in first })
            var variance = [Double]()
            variance.reserveCapacity(reached)
            // Each day's two sds, for the overflow-safe spread of very large ones.
            var sds = [Double]()
            sds.reserveCapacity(2 * reached)
            for point in forecast.prefix(reached) {
                guard let u = byDay[point.day] else { throw .missingUncertainty(point.day) }
                guard u.salesSD >= 0, u.returnsSD >= 0, u.salesSD.isFinite, u.returnsSD.isFinite else {
                    throw .invalidUncertainty(point.day)
                }
                variance.append(u.salesSD * u.salesSD + u.returnsSD * u.returnsSD)
                sds += [u.salesSD, u.returnsSD]
            }
            let z = NormalDistribution.quantile(target)
            let net = forecast.prefix(reached).map { FiniteArithmetic.capped($0.sales - $0.returns) }
            let days = (0..<planned).map { d -> PlanDay in
                let point = forecast[d]
                // Days d ..< d + count, cut at the end of the forecast.
                let leadDays = min(leadTime, reached - d)
                let cycleDays = min(reviewSpan(leadTime, review), reached - d)
                func sum(_ values: [Double], _ count: Int) -> Double { FiniteArithmetic.sum(values[d..<(d + count)]) }
                /// z · √(Σ variance) over `count` days from d (units), finite for any finite sds.
                func spread(_ count: Int) -> Double {
                    let plain = sum(variance, count).squareRoot()
                    return FiniteArithmetic.capped(z * (plain.isFinite ? plain : FiniteArithmetic.rootSumSquares(sds[(2 * d)..<(2 * (d + count))])))
                }
                let c = FiniteArithmetic.capped
                let safetyStock = max(0, spread(leadDays))
                let orderUpTo = c(sum(net, cycleDays) + spread(cycleDays))
                return PlanDay(
                    day: point.day, forecastSales: point.sales, forecastReturns: point.returns,
                    netDemand: net[d], recommendedInventory: max(0, c(net[d] + spread(1))),
                    safetyStock: safetyStock, reorderPoint: max(0, c(sum(net, leadDays) + safetyStock)),
                    orderUpTo: max(0, orderUpTo))
            }
            return InventoryPlan(days: days, policy: policy)
        }
    }

    /// L + R days, without overflowing for absurd inputs.
    private static func reviewSpan(_ leadTime: Int, _ review: Int) -> Int {
        let (span, overflow) = leadTime.addingReportingOverflow(review)
        return overflow ? .max : span
    }

    static func metrics(_ days: [PlanDay]) -> HeadlineMetrics {
        let sales = days.reduce(0) { $0 + $1.forecastSales }
        let returns = days.reduce(0) { $0 + $1.forecastReturns }
        let averageSales = FiniteArithmetic.mean(days.map(\.forecastSales))
        let averageReturns = FiniteArithmetic.mean(days.map(\.forecastReturns))
        // The rate from the sums, or from the means when a sum overflowed (the same ratio).
        let rate = sales.isFinite && returns.isFinite ? returns / sales : averageReturns / averageSales
        return HeadlineMetrics(
            averageSales: averageSales, averageReturns: averageReturns,
            returnRate: averageSales > 0 ? FiniteArithmetic.capped(rate) : 0,
            recommendedInventory: FiniteArithmetic.sum(days.map(\.recommendedInventory)))
    }
}
