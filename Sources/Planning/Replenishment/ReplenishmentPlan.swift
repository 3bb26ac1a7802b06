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
    /// On hand at the end of the day without the proposal: the start's on hand − net demand +
    /// arriving open orders, summed to this day (less than 0: demand not met).
    package var withoutProposal: Double
    /// The same with the proposal arriving on its arrival day.
    package var withProposal: Double
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
    /// z · σ of net demand over the lead time, units.
    package var safetyStock: Double
    /// s: forecast net demand over the lead time + `safetyStock`, units.
    package var reorderPoint: Double
    /// S: forecast net demand over lead time + review period + z · σ over both, units.
    package var orderUpTo: Double
    /// The order to place today; nil when the position is above the reorder point.
    package var proposal: OrderProposal?
    /// Day by day from `orderDate`, over the horizon (and at least lead time + review period,
    /// within the forecast).
    package var projected: [ProjectedDay]
    /// The first projected day that ends below 0 without the proposal; nil when none does.
    package var stockoutDate: Day?
    /// Days of forecast net demand that on hand + every open order covers (fractional; beyond
    /// the forecast at its mean daily net demand); nil when the forecast net demand is not
    /// positive and there is stock: it never runs out.
    package var daysOfCover: Double?

    /// True when the projected stock without a new order falls below 0 within lead time + review
    /// period, even counting the open orders.
    package var stockoutWithinCycle: Bool {
        guard let stockoutDate else { return false }
        return orderDate.distance(to: stockoutDate) < parameters.leadTimeDays.value + parameters.reviewDays.value
    }
}
