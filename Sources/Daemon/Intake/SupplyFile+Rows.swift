import Ingest
import Store

extension SupplyFile {
    /// The file's figures as the store applies them.
    func storedRows() -> SupplyRows {
        switch kind {
        case .stockSnapshot: .stock(stock)
        case .openOrders: .openOrders(openOrders)
        case .productMaster: .parameters(parameters)
        }
    }
}
