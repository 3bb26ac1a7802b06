import Planning
import StockcastCore
import Testing

@Suite struct PlanningTests {
    static func forecast(_ sales: [Double], _ returns: [Double]) -> [DayFigures] {
        let start = Day(iso: "2025-01-01")!
        return zip(sales, returns).enumerated().map { DayFigures(day: start.advanced(by: $0.offset), sales: $0.element.0, returns: $0.element.1) }
    }

    @Test func planFollowsTheSeedFormulaAndNeverRecommendsNegativeStock() {
        let plan = Planner.plan(Self.forecast([100, 50, 10, 80], [10, 5, 20, 8]), horizon: 3, safetyFactor: 1.2)
        #expect(plan.days.count == 3)
        #expect(plan.days.map(\.netDemand) == [90, 45, -10])
        #expect(plan.days.map(\.recommendedInventory) == [108, 54, 0])
        #expect(plan.metrics.averageSales == 160.0 / 3)
        #expect(plan.metrics.averageReturns == 35.0 / 3)
        #expect(plan.metrics.returnRate == 35.0 / 160)
        #expect(plan.metrics.recommendedInventory == 162)
    }

    @Test func eachAlertFiresOnlyPastItsThreshold() {
        let t = AlertThresholds()
        func names(_ sales: [Double], _ returns: [Double]) -> [AlertName] {
            AlertRules.evaluate(
                product: "P", plan: Planner.plan(Self.forecast(sales, returns), horizon: 90, safetyFactor: 1.2),
                thresholds: t
            ).map(\.name)
        }
        #expect(names([100, 100, 100, 100], [15, 15, 15, 15]).isEmpty, "exactly 15 % is not above 15 %")
        #expect(names([100, 100, 100, 100], [16, 15, 15, 15]) == [.highReturnRate])
        // sd (n − 1) of [10, 10, 10, 50] is 20 = 100 % of the mean 20.
        #expect(names([10, 10, 10, 50], [0, 0, 0, 0]).contains(.highVolatility))
        #expect(!names([100, 110, 90, 100], [0, 0, 0, 0]).contains(.highVolatility))
        // Inventory [12, 12, 12, 36]: peak 36 > 1.5 × mean 18.
        #expect(names([10, 10, 10, 30], [0, 0, 0, 0]).contains(.inventorySpike))
        #expect(!names([10, 10, 10, 14], [0, 0, 0, 0]).contains(.inventorySpike))
    }

    @Test func anAlertFiresOnceAndResolvesOnce() {
        let c = AlertCondition(name: .highReturnRate, subject: "P1", summary: "rate 20 %")
        let evaluated = AlertLifecycle.productFingerprints(["P1"])
        let first = AlertLifecycle.transition(active: [], conditions: [c], evaluated: evaluated, now: 100)
        #expect(first.started.map(\.fingerprint) == [c.fingerprint] && first.resolved.isEmpty)
        let second = AlertLifecycle.transition(active: first.active, conditions: [c], evaluated: evaluated, now: 200)
        #expect(second.isEmpty, "still firing: nothing new to report")
        #expect(second.active.first?.startsAt == 100)
        // Another product's evaluation leaves P1 alone.
        let other = AlertLifecycle.transition(active: second.active, conditions: [], evaluated: AlertLifecycle.productFingerprints(["P2"]), now: 250)
        #expect(other.isEmpty && other.active.count == 1)
        let third = AlertLifecycle.transition(active: other.active, conditions: [], evaluated: evaluated, now: 300)
        #expect(third.resolved.map(\.alert.fingerprint) == [c.fingerprint] && third.resolved.first?.endsAt == 300)
        #expect(third.active.isEmpty)
        #expect(AlertCondition.fingerprint(name: .highReturnRate, subject: "P1") == c.fingerprint)
        #expect(AlertCondition.fingerprint(name: .highVolatility, subject: "P1") != c.fingerprint)
        #expect(c.fingerprint.count == 16)
    }
}

@Suite struct ForecastDegradedTests {
    @Test func firesWhenAWeekOfLiveErrorsIsClearlyWorseThanSeasonalNaive() throws {
        let t = AlertThresholds()
        let worse = AlertRules.LiveComparison(series: .sales, days: 7, mae: 13, naiveMAE: 10)
        let fine = AlertRules.LiveComparison(series: .returns, days: 7, mae: 11.9, naiveMAE: 10)
        let alert = try #require(AlertRules.forecastDegraded(product: "P", live: [worse, fine], thresholds: t))
        #expect(alert.name == .forecastDegraded && alert.subject == "P")
        #expect(alert.summary == "sales MAE 13.00 vs seasonal naive 10.00 over the last 7 days, more than 20.0 % worse")
        #expect(AlertRules.forecastDegraded(product: "P", live: [fine], thresholds: t) == nil, "within the 20 % margin")
        let young = AlertRules.LiveComparison(series: .sales, days: 6, mae: 30, naiveMAE: 10)
        #expect(AlertRules.forecastDegraded(product: "P", live: [young], thresholds: t) == nil, "needs a week of scored days")
        #expect(AlertLifecycle.productFingerprints(["P"]).contains(alert.fingerprint), "resolves when the product is evaluated again")
    }
}

@Suite struct DataGapRuleTests {
    @Test func theSummaryNamesTheMissingDaysAsRuns() throws {
        let d = Day(iso: "2024-03-01")!
        #expect(AlertRules.dataGap(product: "P", missing: []) == nil)
        let gap = try #require(AlertRules.dataGap(product: "P", missing: [d, d.advanced(by: 1), d.advanced(by: 2), d.advanced(by: 9)]))
        #expect(gap.name == .dataGap && gap.subject == "P")
        #expect(gap.summary == "4 days without any file: 2024-03-01 to 2024-03-03, 2024-03-10; not counted as zero sales")
        let many = (0..<30).map { d.advanced(by: 2 * $0) }
        #expect(AlertRules.dataGap(product: "P", missing: many)?.summary.contains("and 20 more") == true, "a long list is cut")
        #expect(AlertName.dataGap.action == "Re-export the missing days" && AlertName.dataGap.isProductAlert)
    }
}
