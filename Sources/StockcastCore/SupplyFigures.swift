// The figures of the supply files (stock snapshots, open orders, the product master), as Ingest
// reads them and Store keeps them.

/// A stock snapshot's figure for one product: units on hand at the end of `day`.
package struct StockLevel: Sendable, Equatable {
    package var day: Day
    /// Units, summed over the product's rows of that day (storage locations); may be less than
    /// 0 when the ERP booked stock out before it was booked in.
    package var onHand: Double

    package init(day: Day, onHand: Double) {
        self.day = day
        self.onHand = onHand
    }
}

/// One line of an open-orders file.
package struct OpenOrderLine: Sendable, Equatable {
    package var orderID: String?
    package var due: Day
    /// Units still to arrive, 0 or more.
    package var quantity: Double

    package init(orderID: String?, due: Day, quantity: Double) {
        self.orderID = orderID
        self.due = due
        self.quantity = quantity
    }
}

/// One product's row of a product master; nil where the cell is empty or the column absent
/// (the configuration's default then holds).
package struct MasterParameters: Sendable, Equatable {
    /// Days, 1–730.
    package var leadTimeDays: Int?
    /// Units, 0 or more.
    package var moq: Double?
    /// Units, more than 0.
    package var packSize: Double?
    /// Days, 1–730.
    package var reviewDays: Int?
    /// A fraction more than 0.5 and at most 0.999.
    package var serviceLevel: Double?
    /// Per unit, 0 or more.
    package var unitCost: Double?

    package init(
        leadTimeDays: Int? = nil, moq: Double? = nil, packSize: Double? = nil, reviewDays: Int? = nil, serviceLevel: Double? = nil,
        unitCost: Double? = nil
    ) {
        self.leadTimeDays = leadTimeDays
        self.moq = moq
        self.packSize = packSize
        self.reviewDays = reviewDays
        self.serviceLevel = serviceLevel
        self.unitCost = unitCost
    }
}
