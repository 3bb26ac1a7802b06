import StockcastCore

/// Supply already ordered and not yet received.
package struct OpenOrder: Sendable, Equatable {
    /// The purchase order's number, when the export gives one.
    package var orderID: String?
    /// The day the supply is expected; usable from that day on.
    package var due: Day
    /// Units still to arrive, 0 or more.
    package var quantity: Double

    package init(orderID: String? = nil, due: Day, quantity: Double) {
        self.orderID = orderID
        self.due = due
        self.quantity = quantity
    }
}

/// What a product has and has coming when an order decision is made.
package struct StockPosition: Sendable, Equatable {
    /// Units physically on hand at the start of the decision day (an ERP may report less than
    /// 0: stock booked out before it was booked in).
    package var onHand: Double
    /// Open purchase orders. One due before the decision day is late: it is expected on the
    /// decision day.
    package var openOrders: [OpenOrder]

    package init(onHand: Double, openOrders: [OpenOrder] = []) {
        self.onHand = onHand
        self.openOrders = openOrders
    }
}
