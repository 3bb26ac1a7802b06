import Planning
import Reports
import StockcastCore
import Store
import Testing

@testable import Daemon

/// The replenishment stage on its own: what the store holds for a product → its plan's inputs.
@Suite struct ReplenishmentAssemblyTests {
    static let start = Day(iso: "2025-03-01")!
    /// Five days of history (net 8, 9, 10, 11, 12), then a 30-day forecast of net 10 a day, σ 0.
    static let history = ProductHistory(product: "P", start: start, sales: [10, 10, 11, 12, 13], returns: [2, 1, 1, 1, 1])
    static let forecast = (0..<30).map { DayFigures(day: start.advanced(by: 5 + $0), sales: 12, returns: 2) }
    static let uncertainty = forecast.map { DayUncertainty(day: $0.day, salesSD: 0, returnsSD: 0) }
    static let defaults = ReplenishmentParameters(leadTimeDays: 7, reviewDays: 1, serviceLevel: 0.95, moq: 0, packSize: 1)

    static func status(_ supply: ProductSupply?) -> ReplenishmentStatus {
        ReplenishmentAssembly.status(
            history: history, forecast: forecast, uncertainty: uncertainty, supply: supply, defaults: defaults, horizon: 30)
    }

    @Test func withoutASnapshotReplenishmentIsOffAndSaysWhy() {
        #expect(Self.status(nil) == .off(reason: ReplenishmentStatus.noStock))
        #expect(Self.status(ProductSupply(parameters: ParameterRow(moq: 5))) == .off(reason: ReplenishmentStatus.noStock))
    }

    @Test func aSnapshotOlderThanTheHistoryLosesTheNetDemandRecordedSince() throws {
        // Snapshot of day 2 (index 2): 100 − (11 + 12) sold on days 3 and 4 = 77 on the morning after the history.
        let plan = try #require(Self.status(ProductSupply(stock: StockRow(day: Self.start.advanced(by: 2), onHand: 100))).plan)
        #expect(plan.onHand == 77)
        #expect(plan.orderDate == Self.start.advanced(by: 5))
        // S = 8 days × 10 = 80 (σ 0); position 77: order 3.
        #expect(plan.orderUpTo == 80)
        #expect(plan.proposal?.quantity == 3)
    }

    @Test func aSnapshotNewerThanTheHistoryStartsTheDayAfterIt() throws {
        let plan = try #require(Self.status(ProductSupply(stock: StockRow(day: Self.start.advanced(by: 6), onHand: 50))).plan)
        #expect(plan.onHand == 50)
        #expect(plan.orderDate == Self.start.advanced(by: 7))
        #expect(plan.projected.first?.day == Self.start.advanced(by: 7))
    }

    @Test func theProductMasterOverridesTheConfigurationParameterByParameter() throws {
        let supply = ProductSupply(
            stock: StockRow(day: Self.start.advanced(by: 4), onHand: 0),
            openOrders: [OpenOrderRow(orderID: "PO", due: Self.start.advanced(by: 8), quantity: 20)],
            parameters: ParameterRow(leadTimeDays: 3, packSize: 25))
        let plan = try #require(Self.status(supply).plan)
        #expect(plan.parameters.leadTimeDays == Sourced(3, .productMaster))
        #expect(plan.parameters.packSize == Sourced(25.0, .productMaster))
        #expect(plan.parameters.reviewDays == Sourced(1, .configuration))
        #expect(plan.parameters.moq == Sourced(0.0, .configuration))
        // L + R = 4 days: S = 40; the open order (due on day 3 of the plan) counts: position 20, order 20 → one pack of 25.
        #expect(plan.onOrder == 20)
        #expect(plan.proposal?.quantity == 25)
        #expect(plan.proposal?.arrival == Self.start.advanced(by: 8))
    }
}
