import StockcastCore

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

/// A stock snapshot, open-orders or product-master file, read and validated whole.
package struct SupplyFile: Sendable, Equatable {
    package var kind: SupplyKind
    /// Stock snapshot: the newest day of each product in the file.
    package var stock: [String: StockLevel] = [:]
    /// Open orders: every product the file lists, with its lines (none: the product has no
    /// open order any more).
    package var openOrders: [String: [OpenOrderLine]] = [:]
    /// Product master: each product's parameters.
    package var parameters: [String: MasterParameters] = [:]
    /// Data rows read.
    package var rows: Int = 0
    /// The detected dialect in words, for logs.
    package var dialect: String = ""

    package init(kind: SupplyKind) {
        self.kind = kind
    }

    /// The products the file is about.
    package var products: Set<String> {
        switch kind {
        case .stockSnapshot: return Set(stock.keys)
        case .openOrders: return Set(openOrders.keys)
        case .productMaster: return Set(parameters.keys)
        }
    }
}

/// What an inbox file holds: sales and returns, or stock and supply.
package enum InboxContent: Sendable {
    case sales(IngestedFile)
    case supply(SupplyFile)
}
