import Planning
import StockcastCore
import Testing

/// Planning is total: forecasts and error sds anywhere from 0 to the largest double give finite
/// plan figures (all but net demand 0 or more), headline metrics and alerts, under both
/// policies (regression: a sum of squared sds or of recommended inventories overflowed to
/// infinity, which the outbox then wrote as 0 or null).
@Suite struct ExtremePlanTests {
    static let extremes: [Double] = [0, .leastNonzeroMagnitude, 1e-9, 1, 1e9, 1e15, 1e200, 1e300, .greatestFiniteMagnitude]

    @Test(arguments: extremes)
    func plansOfExtremeForecastsAreFinite(_ value: Double) throws {
        let start = Day(iso: "2025-01-01") ?? Day(daysSince1970: 20089)
        let patterns: [(Int) -> (Double, Double, Double)] = [
            { _ in (value, 0, value) },  // every day, sd as large
            { d in (d == 10 ? value : 0, 0, value) },  // a spike
            { _ in (0, value, value) },  // negative net demand
            { d in (value, value / 2, d % 2 == 0 ? value : 0) },
        ]
        for pattern in patterns {
            let days = (0..<90).map { d -> (DayFigures, DayUncertainty) in
                let (sales, returns, sd) = pattern(d)
                return (
                    DayFigures(day: start.advanced(by: d), sales: sales, returns: returns),
                    DayUncertainty(day: start.advanced(by: d), salesSD: sd, returnsSD: sd)
                )
            }
            for policy in [InventoryPolicy.safetyFactor(2), .serviceLevel(target: 0.999, leadTimeDays: 30, reviewDays: 30)] {
                let plan = try Planner.plan(days.map(\.0), uncertainty: days.map(\.1), horizon: 90, policy: policy)
                for d in plan.days {
                    let figures =
                        [d.forecastSales, d.forecastReturns, d.recommendedInventory] + [d.safetyStock, d.reorderPoint, d.orderUpTo].compactMap { $0 }
                    #expect(figures.allSatisfy { $0.isFinite && $0 >= 0 } && d.netDemand.isFinite, "\(value) \(policy): \(d)")
                }
                let m = plan.metrics
                #expect(
                    [m.averageSales, m.averageReturns, m.returnRate, m.recommendedInventory].allSatisfy { $0.isFinite && $0 >= 0 },
                    "\(value) \(policy): \(m)")
                let alerts = AlertRules.evaluate(product: "P", plan: plan, thresholds: AlertThresholds())
                #expect(alerts.allSatisfy { !$0.summary.contains("nan") && !$0.summary.contains("inf") }, "\(value): \(alerts)")
            }
        }
    }
}
