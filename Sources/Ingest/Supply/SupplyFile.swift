import StockcastCore

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
