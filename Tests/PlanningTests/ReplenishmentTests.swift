import Planning
import StockcastCore
import Testing

@Suite struct ReplenishmentTests {
    static let start = Day(iso: "2025-03-01")!

    /// `days` days of sales 12 and returns 2 (net 10/day) with sds 3 and 4 (σ 5/day), or the given figures.
    static func forecast(
        days: Int = 30, sales: Double = 12, returns: Double = 2, salesSD: Double = 3, returnsSD: Double = 4
    )
        -> (forecast: [DayFigures], uncertainty: [DayUncertainty])
    {
        let f = (0..<days).map { DayFigures(day: start.advanced(by: $0), sales: sales, returns: returns) }
        return (f, f.map { DayUncertainty(day: $0.day, salesSD: salesSD, returnsSD: returnsSD) })
    }

    /// L = 2, R = 1, service level 0.95 (z = 1.6448536269514722).
    static func parameters(moq: Double = 0, pack: Double = 1, lead: Int = 2, review: Int = 1) -> ReplenishmentParameters {
        ReplenishmentParameters(leadTimeDays: lead, reviewDays: review, serviceLevel: 0.95, moq: moq, packSize: pack)
    }

    static func plan(
        onHand: Double, orders: [OpenOrder] = [], parameters: ReplenishmentParameters = parameters(),
        forecast f: (forecast: [DayFigures], uncertainty: [DayUncertainty]) = forecast()
    ) throws -> ReplenishmentPlan {
        try Replenisher.plan(
            forecast: f.forecast, uncertainty: f.uncertainty, stock: StockPosition(onHand: onHand, openOrders: orders),
            orderDate: start, parameters: parameters, horizon: 7)
    }

    static func close(_ a: Double?, _ b: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.map { abs($0 - b) < 1e-9 } == true, "\(String(describing: a)) ≠ \(b)", sourceLocation: sourceLocation)
    }

    @Test func reorderPointAndOrderUpToLevelFollowTheForecastAndItsSpreadOverLeadTimeAndReview() throws {
        // Safety stock z·√(3 × 25) = 14.24485026446948 over L + R = 3 days; S = s = 3 × 10 + it.
        // Position 15 ≤ s: order S − 15 = 29.24…, rounded up to whole units: 30, arriving on day 2.
        let p = try Self.plan(onHand: 15)
        Self.close(p.safetyStock, 14.24485026446948)
        Self.close(p.reorderPoint, 44.24485026446948)
        Self.close(p.orderUpTo, 44.24485026446948)
        #expect(p.inventoryPosition == 15)
        #expect(p.proposal?.quantity == 30)
        #expect(p.proposal?.orderDate == Self.start)
        #expect(p.proposal?.arrival == Self.start.advanced(by: 2))
        // On hand 15 − 10 a day, the rest of the demand lost; the 30 units arrive on day 2.
        #expect(p.projected.prefix(5).map(\.withoutProposal) == [5, 0, 0, 0, 0])
        #expect(p.projected.prefix(5).map(\.unmetWithoutProposal) == [0, 5, 10, 10, 10])
        #expect(p.projected.prefix(5).map(\.withProposal) == [5, 0, 20, 10, 0])
        #expect(p.projected.prefix(5).map(\.unmetWithProposal) == [0, 5, 0, 0, 0])
        #expect(p.projected.count == 7, "the horizon, longer than L + R")
        #expect(p.stockoutDate == Self.start.advanced(by: 1))
        #expect(p.stockoutWithinCycle)
        Self.close(p.daysOfCover, 1.5)
    }

    @Test func theQuantityIsRaisedToTheMinimumOrderThenRoundedUpToWholePacks() throws {
        // Needed 29.24…: packs of 12 → 3 packs = 36; MOQ 50 in packs of 12 → 50 → 5 packs = 60;
        // MOQ 40 in single units → 40; MOQ 20 is below the need → 30.
        #expect(try Self.plan(onHand: 15, parameters: Self.parameters(pack: 12)).proposal?.quantity == 36)
        #expect(try Self.plan(onHand: 15, parameters: Self.parameters(moq: 50, pack: 12)).proposal?.quantity == 60)
        #expect(try Self.plan(onHand: 15, parameters: Self.parameters(moq: 40)).proposal?.quantity == 40)
        #expect(try Self.plan(onHand: 15, parameters: Self.parameters(moq: 20)).proposal?.quantity == 30)
        // 0.1 + 0.2 (0.30000000000000004 in binary) is 3 packs of 0.1, not 4.
        #expect(Replenisher.orderQuantity(0.1 + 0.2, parameters: Self.parameters(pack: 0.1)) == 0.30000000000000004)
        #expect(Replenisher.orderQuantity(24, parameters: Self.parameters(pack: 12)) == 24)
    }

    @Test func anOpenOrderDueWithinLeadTimeAndReviewCountsAndOneDueLaterDoesNot() throws {
        // Due on day 2 (< L + R = 3): position 15 + 20 = 35, the order S − 35 = 9.24… → 10.
        let inside = try Self.plan(onHand: 15, orders: [OpenOrder(orderID: "PO1", due: Self.start.advanced(by: 2), quantity: 20)])
        #expect(inside.onOrder == 20)
        #expect(inside.inventoryPosition == 35)
        #expect(inside.proposal?.quantity == 10)
        #expect(inside.projected.prefix(4).map(\.withoutProposal) == [5, 0, 10, 0])
        #expect(inside.projected[2].arriving == 20)
        // Due on day 3: not counted in the position (15), still projected on its day; the order is S − 15.
        let outside = try Self.plan(onHand: 15, orders: [OpenOrder(due: Self.start.advanced(by: 3), quantity: 20)])
        #expect(outside.onOrder == 0)
        #expect(outside.openOrdersTotal == 20)
        #expect(outside.proposal?.quantity == 30)
        #expect(outside.projected.prefix(5).map(\.withoutProposal) == [5, 0, 0, 10, 0])
        // A late order (due before the decision day) is expected on day 0.
        let late = try Self.plan(onHand: 0, orders: [OpenOrder(due: Self.start.advanced(by: -4), quantity: 40)])
        #expect(late.onOrder == 40)
        #expect(late.projected[0].arriving == 40)
        #expect(late.projected[0].withoutProposal == 30)
        #expect(late.proposal?.quantity == 5, "S − 40 = 4.24… → 5")
        // Position above S: nothing.
        #expect(try Self.plan(onHand: 45).proposal == nil)
    }

    @Test func zeroDemandProposesNothingAndStockWithoutDemandIsOverstock() throws {
        let none = Self.forecast(sales: 0, returns: 0, salesSD: 0, returnsSD: 0)
        let empty = try Self.plan(onHand: 0, forecast: none)
        #expect(empty.reorderPoint == 0 && empty.orderUpTo == 0)
        #expect(empty.proposal == nil, "position 0 is at s = 0, but S − 0 = 0: nothing to order")
        #expect(empty.stockoutDate == nil)
        #expect(empty.daysOfCover == 0)
        #expect(AlertRules.replenishment(product: "P", plan: empty, overstockDays: 90).isEmpty)
        let idle = try Self.plan(onHand: 5, forecast: none)
        #expect(idle.daysOfCover == nil)
        #expect(AlertRules.replenishment(product: "P", plan: idle, overstockDays: 90).map(\.name) == [.overstock])
    }

    @Test func returnsExceedingSalesRaiseTheStockAndOrderNothing() throws {
        // Net demand 5 − 8 = −3 a day, no spread: s = S = −9; position 0 > s.
        let p = try Self.plan(onHand: 0, forecast: Self.forecast(sales: 5, returns: 8, salesSD: 0, returnsSD: 0))
        #expect(p.reorderPoint == -9)
        #expect(p.orderUpTo == -9)
        #expect(p.proposal == nil)
        #expect(p.projected.prefix(3).map(\.withoutProposal) == [3, 6, 9])
        #expect(p.stockoutDate == nil)
    }

    @Test func theAlertsFireOnStockoutRiskOnLowStockAndOnTooManyDaysOfCover() throws {
        func names(_ p: ReplenishmentPlan) -> [AlertName] { AlertRules.replenishment(product: "P", plan: p, overstockDays: 90).map(\.name) }
        #expect(names(try Self.plan(onHand: 0)) == [.stockoutRisk])
        // 10 on hand + 30 arriving today: 30, 20, 10 over L + R, no stock-out; 10 < safety stock 14.24.
        #expect(names(try Self.plan(onHand: 10, orders: [OpenOrder(due: Self.start, quantity: 30)])) == [.belowSafetyStock])
        // 1,000 units at 10/day over a 30-day forecast: 30 + 700 / 10 = 100 days > 90.
        let full = try Self.plan(onHand: 1000)
        Self.close(full.daysOfCover, 100)
        #expect(full.proposal == nil)
        #expect(names(full) == [.overstock])
        #expect(names(try Self.plan(onHand: 800)).isEmpty, "80 days of cover")
    }

    @Test func parametersOutOfRangeAreRefusedWithTheReason() {
        #expect(throws: PlanningError.invalidPolicy("pack size 0.0 must be more than 0 units (1: single units)")) {
            try Self.plan(onHand: 1, parameters: Self.parameters(pack: 0))
        }
        #expect(throws: PlanningError.self) { try Self.plan(onHand: 1, parameters: Self.parameters(lead: 0)) }
        #expect(throws: PlanningError.self) { try Self.plan(onHand: 1, parameters: Self.parameters(moq: -1)) }
    }

    @Test func hugeQuantitiesStayFinite() throws {
        let p = try Self.plan(onHand: -1e300, parameters: Self.parameters(moq: 1e308, pack: 1e-3))
        #expect(p.proposal.map { $0.quantity.isFinite } == true)
        #expect(p.projected.allSatisfy { $0.withProposal.isFinite && $0.withoutProposal.isFinite })
    }
}

@Suite struct ReplenishmentReplayTests {
    @Test func lostDemandIsNotBackOrderedAndOrdersArriveAfterTheLeadTime() {
        // Demand 4, 4, 4, −2 (returns), 4; 5 on hand; one order of 6 on day 0 arriving on day 2.
        // Day 0: serve 4 → 1. Day 1: serve 1 of 4 (3 lost) → 0. Day 2: +6, serve 4 → 2.
        // Day 3: returns +2 → 4. Day 4: serve 4 → 0.
        var seen: [StockPosition] = []
        let o = ReplenishmentReplay.run(actual: [4, 4, 4, -2, 4], start: Day(iso: "2025-01-01")!, measuredFrom: 0, onHand: 5, leadTime: 2) {
            t, _, stock in
            seen.append(stock)
            return t == 0 ? 6 : 0
        }
        #expect(seen.map(\.onHand) == [5, 1, 6, 2, 4])
        #expect(seen[1].openOrders == [OpenOrder(due: Day(iso: "2025-01-03")!, quantity: 6)])
        #expect(o.days == 5)
        #expect(o.daysWithoutShortage == 4)
        #expect(o.cycleServiceLevel == 0.8)
        #expect(o.demand == 16)
        #expect(o.served == 13)
        #expect(o.fillRate == 13.0 / 16)
        #expect(o.averageStock == (1 + 0 + 2 + 4 + 0) / 5.0)
        #expect(o.orders == 1)
    }

    @Test func warmUpDaysAreNotMeasured() {
        let o = ReplenishmentReplay.run(actual: [10, 1, 1], start: Day(iso: "2025-01-01")!, measuredFrom: 1, onHand: 3, leadTime: 1) { _, _, _ in 0 }
        // Day 0 (not measured) loses 7; days 1 and 2 have nothing on hand either.
        #expect(o.days == 2)
        #expect(o.daysWithoutShortage == 0)
        #expect(o.demand == 2 && o.served == 0)
    }
}
