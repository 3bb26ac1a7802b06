import Planning
import StockcastCore
import Testing

@Suite struct NormalDistributionTests {
    @Test(arguments: [
        (0.5, 0.0),
        (0.8, 0.8416212335729143),
        (0.95, 1.6448536269514722),
        (0.975, 1.959963984540054),
        (0.99, 2.3263478740408408),
    ])
    func quantileMatchesTheKnownStandardNormalValues(p: Double, expected: Double) {
        #expect(abs(NormalDistribution.quantile(p) - expected) < 1e-12)
        #expect(abs(NormalDistribution.quantile(1 - p) + expected) < 1e-12, "symmetric about 0.5")
    }

    @Test func quantileInvertsTheCDFFromTheTailsToTheCentre() {
        for p in [1e-300, 1e-12, 1e-6, 0.001, 0.02425, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97575, 0.999] {
            let x = NormalDistribution.quantile(p)
            #expect(abs(NormalDistribution.cdf(x) - p) <= 1e-13 * p, "p = \(p)")
        }
    }

    @Test func quantileIsInfiniteAtTheEndsAndUndefinedOutsideThem() {
        #expect(NormalDistribution.quantile(0) == -.infinity)
        #expect(NormalDistribution.quantile(1) == .infinity)
        #expect(NormalDistribution.quantile(-0.1).isNaN)
        #expect(NormalDistribution.quantile(1.2).isNaN)
        #expect(NormalDistribution.quantile(.nan).isNaN)
    }
}

@Suite struct ServiceLevelTests {
    static let z95 = 1.6448536269514722

    /// Net demand [90, 100, 80, 100, 60]; σ per day sqrt(sales² + returns²) = [5, 10, 0, 13, 10].
    static let forecast = PlanningTests.forecast([100, 120, 90, 110, 80], [10, 20, 10, 10, 20])
    static let uncertainty = zip(forecast, [(3.0, 4.0), (6, 8), (0, 0), (5, 12), (8, 6)]).map {
        DayUncertainty(day: $0.0.day, salesSD: $0.1.0, returnsSD: $0.1.1)
    }
    static let policy = InventoryPolicy.serviceLevel(target: 0.95, leadTimeDays: 2, reviewDays: 1)

    static func expectClose(_ a: Double?, _ b: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.map { abs($0 - b) < 1e-9 } == true, "\(String(describing: a)) ≠ \(b)", sourceLocation: sourceLocation)
    }

    @Test func serviceLevelPlanMatchesTheHandComputedFigures() throws {
        // z = Φ⁻¹(0.95) = 1.6448536269514722; L = 2, R = 1; σ² = [25, 100, 0, 169, 100].
        // d = 0: recommended = 90 + 5z = 98.22426813475736
        //        SS  = z·√(25 + 100) = z·√125 = 18.39002261450286
        //        ROP = (90 + 100) + SS = 208.39002261450287
        //        S   = (90 + 100 + 80) + z·√(25 + 100 + 0) = 288.39002261450287
        // d = 1: recommended = 100 + 10z = 116.44853626951472
        //        SS  = z·√(100 + 0) = 16.448536269514722
        //        ROP = (100 + 80) + SS = 196.44853626951473
        //        S   = (100 + 80 + 100) + z·√(100 + 0 + 169) = 280 + z·√269 = 306.97760532648635
        // d = 2: recommended = 80 + 0z = 80
        //        SS  = z·√(0 + 169) = 13z = 21.38309715036914
        //        ROP = (80 + 100) + SS = 201.38309715036914
        //        S   = (80 + 100 + 60) + z·√(0 + 169 + 100) = 240 + z·√269 = 266.97760532648635
        let plan = try Planner.plan(Self.forecast, uncertainty: Self.uncertainty, horizon: 3, policy: Self.policy)
        #expect(plan.policy == Self.policy && plan.safetyFactor == nil)
        #expect(plan.days.map(\.day) == Self.forecast.prefix(3).map(\.day))
        #expect(plan.days.map(\.netDemand) == [90, 100, 80])
        let expected: [(recommended: Double, ss: Double, rop: Double, s: Double)] = [
            (98.22426813475736, 18.39002261450286, 208.39002261450287, 288.39002261450287),
            (116.44853626951472, 16.448536269514722, 196.44853626951473, 306.97760532648635),
            (80, 21.38309715036914, 201.38309715036914, 266.97760532648635),
        ]
        for (day, e) in zip(plan.days, expected) {
            Self.expectClose(day.recommendedInventory, e.recommended)
            Self.expectClose(day.safetyStock, e.ss)
            Self.expectClose(day.reorderPoint, e.rop)
            Self.expectClose(day.orderUpTo, e.s)
        }
        // Headline metrics keep their meaning: means over the plan days, inventory summed.
        Self.expectClose(plan.metrics.averageSales, 310.0 / 3)
        Self.expectClose(plan.metrics.averageReturns, 40.0 / 3)
        Self.expectClose(plan.metrics.returnRate, 40.0 / 310)
        Self.expectClose(plan.metrics.recommendedInventory, 98.22426813475736 + 116.44853626951472 + 80)
        Self.expectClose(Self.policy.z, Self.z95)
    }

    @Test func sumsThatRunPastTheEndOfTheForecastUseTheDaysAvailable() throws {
        let plan = try Planner.plan(Self.forecast, uncertainty: Self.uncertainty, horizon: 10, policy: Self.policy)
        #expect(plan.days.count == 5, "a horizon longer than the forecast plans the days there are")
        // d = 3: lead time days 3, 4; the cycle would reach day 5, which does not exist, so S = ROP.
        //        SS = z·√(169 + 100) = 26.97760532648638, ROP = S = (100 + 60) + SS = 186.97760532648638
        Self.expectClose(plan.days[3].recommendedInventory, 100 + 13 * Self.z95)
        Self.expectClose(plan.days[3].safetyStock, 26.97760532648638)
        Self.expectClose(plan.days[3].reorderPoint, 186.97760532648638)
        Self.expectClose(plan.days[3].orderUpTo, 186.97760532648638)
        // d = 4: only day 4 is left: SS = 10z, ROP = S = 60 + 10z = 76.44853626951472.
        Self.expectClose(plan.days[4].safetyStock, 10 * Self.z95)
        Self.expectClose(plan.days[4].reorderPoint, 76.44853626951472)
        Self.expectClose(plan.days[4].orderUpTo, 76.44853626951472)
        // The earlier days are as with the shorter horizon: their sums stay inside the forecast.
        let short = try Planner.plan(Self.forecast, uncertainty: Self.uncertainty, horizon: 3, policy: Self.policy)
        #expect(Array(plan.days.prefix(3)) == short.days)
    }

    @Test func sumsReachPastTheHorizonIntoTheRestOfTheForecast() throws {
        // Horizon 1, L = 2, R = 2: day 0's order-up-to level covers days 0–3.
        let policy = InventoryPolicy.serviceLevel(target: 0.95, leadTimeDays: 2, reviewDays: 2)
        let plan = try Planner.plan(Self.forecast, uncertainty: Self.uncertainty, horizon: 1, policy: policy)
        #expect(plan.days.count == 1)
        Self.expectClose(plan.days[0].orderUpTo, (90 + 100 + 80 + 100) + Self.z95 * (25.0 + 100 + 0 + 169).squareRoot())
        // Only the days the sums reach need a standard deviation.
        let firstFour = Array(Self.uncertainty.prefix(4))
        #expect(try Planner.plan(Self.forecast, uncertainty: firstFour, horizon: 1, policy: policy) == plan)
    }

    @Test func zeroUncertaintyGivesNoSafetyStockAndTheLeadTimeDemandAsReorderPoint() throws {
        let forecast = PlanningTests.forecast([50, 40, 10, 30], [5, 5, 20, 0])  // net 45, 35, −10, 30
        let none = forecast.map { DayUncertainty(day: $0.day, salesSD: 0, returnsSD: 0) }
        let plan = try Planner.plan(
            forecast, uncertainty: none, horizon: 4,
            policy: .serviceLevel(target: 0.99, leadTimeDays: 2))
        #expect(plan.days.map(\.safetyStock) == [0, 0, 0, 0])
        #expect(plan.days.map(\.reorderPoint) == [80, 25, 20, 30])
        #expect(plan.days.map(\.orderUpTo) == [70, 55, 20, 30], "review period defaults to 1 day")
        #expect(plan.days.map(\.recommendedInventory) == [45, 35, 0, 30], "never negative stock")
    }

    @Test func negativeLeadTimeDemandIsClampedToZero() throws {
        let forecast = PlanningTests.forecast([5, 5], [20, 20])  // net −15 a day
        let u = forecast.map { DayUncertainty(day: $0.day, salesSD: 1, returnsSD: 0) }
        let plan = try Planner.plan(forecast, uncertainty: u, horizon: 2, policy: .serviceLevel(target: 0.95, leadTimeDays: 2))
        #expect(plan.days.map(\.reorderPoint) == [0, 0])
        #expect(plan.days.map(\.orderUpTo) == [0, 0])
        #expect(plan.days.map(\.recommendedInventory) == [0, 0])
        Self.expectClose(plan.days[0].safetyStock, Self.z95 * 2.0.squareRoot())
    }

    @Test func safetyFactorPolicyGivesTheSeedPlan() throws {
        let forecast = PlanningTests.forecast([100, 50, 10, 80], [10, 5, 20, 8])
        let seed = Planner.plan(forecast, horizon: 3, safetyFactor: 1.2)
        #expect(try Planner.plan(forecast, horizon: 3, policy: .safetyFactor(1.2)) == seed)
        #expect(try Planner.plan(forecast, uncertainty: Self.uncertainty, horizon: 3) == seed, "the default policy is the seed's, uncertainty unused")
        #expect(seed.policy == .seedDefault && seed.safetyFactor == 1.2)
        #expect(seed.days.allSatisfy { $0.safetyStock == nil && $0.reorderPoint == nil && $0.orderUpTo == nil })
        #expect(InventoryPolicy.seedDefault.z == nil)
    }

    @Test(arguments: [
        (InventoryPolicy.serviceLevel(target: 1.2, leadTimeDays: 2), "service level 1.2 must be more than 0.5 and at most 0.999 (a fraction: 0.95 for 95 %)"),
        (.serviceLevel(target: 95, leadTimeDays: 2), "service level 95.0 must be more than 0.5 and at most 0.999 (a fraction: 0.95 for 95 %)"),
        (.serviceLevel(target: 0.5, leadTimeDays: 2), "service level 0.5 must be more than 0.5 and at most 0.999 (a fraction: 0.95 for 95 %)"),
        (.serviceLevel(target: 1, leadTimeDays: 2), "service level 1.0 must be more than 0.5 and at most 0.999 (a fraction: 0.95 for 95 %)"),
        (.serviceLevel(target: .nan, leadTimeDays: 2), "service level nan must be more than 0.5 and at most 0.999 (a fraction: 0.95 for 95 %)"),
        (.serviceLevel(target: 0.95, leadTimeDays: 0), "lead time 0 days must be at least 1 day"),
        (.serviceLevel(target: 0.95, leadTimeDays: -3), "lead time -3 days must be at least 1 day"),
        (.serviceLevel(target: 0.95, leadTimeDays: 2, reviewDays: 0), "review period 0 days must be at least 1 day (1 reviews stock daily)"),
        (.safetyFactor(2.5), "safety factor 2.5 must be between 1.0 and 2.0"),
    ])
    func invalidPoliciesAreRejectedWithTheirProblem(policy: InventoryPolicy, message: String) {
        #expect(policy.problem == message)
        #expect(throws: PlanningError.invalidPolicy(message)) {
            try Planner.plan(Self.forecast, uncertainty: Self.uncertainty, horizon: 3, policy: policy)
        }
        #expect(PlanningError.invalidPolicy(message).description == message)
    }

    @Test func validPoliciesHaveNoProblem() {
        #expect(InventoryPolicy.seedDefault.problem == nil)
        #expect(InventoryPolicy.safetyFactor(1.0).problem == nil && InventoryPolicy.safetyFactor(2.0).problem == nil)
        #expect(InventoryPolicy.serviceLevel(target: 0.999, leadTimeDays: 1).problem == nil)
        #expect(InventoryPolicy.serviceLevel(target: 0.501, leadTimeDays: 90, reviewDays: 7).problem == nil)
    }

    @Test func serviceLevelWithoutUncertaintyForItsDaysIsAnError() {
        #expect(throws: PlanningError.noUncertainty) {
            try Planner.plan(Self.forecast, horizon: 3, policy: Self.policy)
        }
        // Horizon 3 with L + R = 3 reaches day 4 (index 4); without it the plan cannot be made.
        let day4 = Self.forecast[4].day
        #expect(throws: PlanningError.missingUncertainty(day4)) {
            try Planner.plan(Self.forecast, uncertainty: Array(Self.uncertainty.prefix(4)), horizon: 3, policy: Self.policy)
        }
        var negative = Self.uncertainty
        negative[1].returnsSD = -1
        #expect(throws: PlanningError.invalidUncertainty(Self.forecast[1].day)) {
            try Planner.plan(Self.forecast, uncertainty: negative, horizon: 3, policy: Self.policy)
        }
        var infinite = Self.uncertainty
        infinite[0].salesSD = .infinity
        #expect(throws: PlanningError.invalidUncertainty(Self.forecast[0].day)) {
            try Planner.plan(Self.forecast, uncertainty: infinite, horizon: 3, policy: Self.policy)
        }
        #expect(PlanningError.missingUncertainty(day4).description.contains("\(day4)"))
    }

    @Test func uncertaintyIsMatchedToForecastDaysByDate() throws {
        let shuffled = Self.uncertainty.reversed() + [DayUncertainty(day: Self.forecast[0].day.advanced(by: -1), salesSD: 99, returnsSD: 99)]
        let plan = try Planner.plan(Self.forecast, uncertainty: Array(shuffled), horizon: 3, policy: Self.policy)
        #expect(plan == (try Planner.plan(Self.forecast, uncertainty: Self.uncertainty, horizon: 3, policy: Self.policy)))
    }

    @Test func netDemandDeviationCombinesIndependentSalesAndReturnsDeviations() {
        #expect(DayUncertainty(day: Day(daysSince1970: 0), salesSD: 5, returnsSD: 12).netDemandSD == 13)
    }
}
