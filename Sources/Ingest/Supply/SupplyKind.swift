/// The inbox files about stock and supply (DESIGN.md, "Replenishment"), told apart from sales
/// files and from each other by their headers.
package enum SupplyKind: String, Sendable, Equatable, CaseIterable {
    /// Units on hand per product at the end of a day.
    case stockSnapshot = "stock snapshot"
    /// Supply ordered and not yet received.
    case openOrders = "open orders"
    /// Per-product replenishment parameters.
    case productMaster = "product master"
}

/// What a column of a supply file means.
enum SupplyRole: CaseIterable {
    case date, product, onHand, dueDate, openQuantity, orderID, leadTime, moq, packSize, reviewDays, serviceLevel, unitCost

    /// Header names recognised (DESIGN.md), as a user writes them.
    var aliases: [String] {
        switch self {
        case .date: return Role.date.aliases
        case .product: return Role.product.aliases
        case .onHand: return ["on_hand", "stock", "stock_on_hand", "qty_on_hand", "on_hand_qty", "bestand", "lagerbestand"]
        case .dueDate: return ["due_date", "expected_date", "delivery_date", "eta", "liefertermin"]
        case .openQuantity: return ["open_qty", "on_order", "open_quantity", "po_qty", "bestellt"]
        case .orderID: return ["order_id", "po", "po_number", "bestellnummer"]
        case .leadTime: return ["lead_time_days", "lead_time", "wbz"]
        case .moq: return ["moq", "min_order_qty", "mindestmenge"]
        case .packSize: return ["pack_size", "order_multiple", "case_size", "vpe"]
        case .reviewDays: return ["review_days"]
        case .serviceLevel: return ["service_level"]
        case .unitCost: return ["unit_cost"]
        }
    }

    /// In words, for messages.
    var noun: String {
        switch self {
        case .date: return "the date"
        case .product: return "the product"
        case .onHand: return "units on hand"
        case .dueDate: return "the due date"
        case .openQuantity: return "the open quantity"
        case .orderID: return "the order number"
        case .leadTime: return "the lead time"
        case .moq: return "the minimum order quantity"
        case .packSize: return "the pack size"
        case .reviewDays: return "the review period"
        case .serviceLevel: return "the service level"
        case .unitCost: return "the unit cost"
        }
    }

    /// The parameters of a product master.
    static let parameters: [SupplyRole] = [.leadTime, .moq, .packSize, .reviewDays, .serviceLevel, .unitCost]

    /// Normalised alias → role.
    static let byAlias: [[UInt8]: SupplyRole] = {
        var table: [[UInt8]: SupplyRole] = [:]
        for role in SupplyRole.allCases {
            for alias in role.aliases { table[Header.normalise(Array(alias.utf8))] = role }
        }
        return table
    }()
}
