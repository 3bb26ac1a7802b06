import Ingest
import Store

extension SupplyFile {
    /// The file's figures as the store keeps them.
    func storedRows() -> SupplyRows {
        switch kind {
        case .stockSnapshot:
            return .stock(stock.mapValues { StockRow(day: $0.day, onHand: $0.onHand) })
        case .openOrders:
            return .openOrders(openOrders.mapValues { $0.map { OpenOrderRow(orderID: $0.orderID, due: $0.due, quantity: $0.quantity) } })
        case .productMaster:
            return .parameters(
                parameters.mapValues {
                    ParameterRow(
                        leadTimeDays: $0.leadTimeDays, moq: $0.moq, packSize: $0.packSize, reviewDays: $0.reviewDays,
                        serviceLevel: $0.serviceLevel, unitCost: $0.unitCost)
                })
        }
    }
}
