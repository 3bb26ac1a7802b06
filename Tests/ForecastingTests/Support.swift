import Demo
import Forecasting
import StockcastCore

func history(_ product: String = "P001", days: Int = 120, seed: UInt64 = 42) -> ProductHistory {
    var h = SyntheticHistory.generate(products: 1, days: days, start: Day(iso: "2024-01-01")!, seed: seed)[0]
    h.product = product
    return h
}
