import StockcastCore

/// A proposed purchase order.
package struct OrderProposal: Sendable, Equatable {
    /// The day the order is to be placed (the decision day).
    package var orderDate: Day
    /// Units to order: a whole number of packs, at least the minimum order quantity.
    package var quantity: Double
    /// `orderDate` + the lead time: the first day the units can be used.
    package var arrival: Day
    /// Why, in words: the position against the reorder point and how the quantity was rounded.
    package var reason: String
}

/// One day of the projected stock, units.
package struct ProjectedDay: Sendable, Equatable {
    package var day: Day
    /// Forecast sales − forecast returns of the day, units.
    package var netDemand: Double
    /// Open orders due that day (late ones on the first day), units.
    package var arriving: Double
    /// On hand at the end of the day without the proposal: the previous day's − net demand +
    /// arriving open orders, never below 0 (demand beyond the stock is lost).
    package var withoutProposal: Double
    /// The same with the proposal arriving on its arrival day.
    package var withProposal: Double
    /// Demand of the day not met from stock without the proposal, units.
    package var unmetWithoutProposal: Double = 0
    /// Demand of the day not met from stock with the proposal, units.
    package var unmetWithProposal: Double = 0
}

/// One product's replenishment on its decision day (DESIGN.md, "Replenishment").
package struct ReplenishmentPlan: Sendable, Equatable {
    package var parameters: ReplenishmentParameters
    /// The decision day: the first day projected.
    package var orderDate: Day
    /// Units on hand at the start of `orderDate`.
    package var onHand: Double
    /// Open orders due within lead time + review period (late ones included), units.
    package var onOrder: Double
    /// Every open order, whenever due, units.
    package var openOrdersTotal: Double
    /// `onHand + onOrder`, units.
    package var inventoryPosition: Double
    /// z · σ of net demand over lead time + review period, at least 0, units.
    package var safetyStock: Double
    /// s: the position at or below which an order is proposed: forecast net demand over lead time
    /// + review period + `safetyStock` (equal to `orderUpTo`: see `Replenisher.plan`), units.
    package var reorderPoint: Double
    /// S: forecast net demand over lead time + review period + z · σ over both, units.
    package var orderUpTo: Double
    /// The order to place today; nil when the position is above the reorder point.
    package var proposal: OrderProposal?
    /// Day by day from `orderDate`, over the horizon (and at least lead time + review period,
    /// within the forecast).
    package var projected: [ProjectedDay]
    /// The first projected day with demand not met without the proposal; nil when there is none.
    package var stockoutDate: Day?
    /// Days of forecast net demand that on hand + every open order covers (fractional; beyond
    /// the forecast at its mean daily net demand); nil when the forecast net demand is not
    /// positive and there is stock: it never runs out.
    package var daysOfCover: Double?

    /// True when demand goes unmet (projected stock runs out) without a new order within lead
    /// time + review period, even counting the open orders.
    package var stockoutWithinCycle: Bool {
        guard let stockoutDate else { return false }
        return orderDate.distance(to: stockoutDate) < parameters.leadTimeDays.value + parameters.reviewDays.value
    }
}
