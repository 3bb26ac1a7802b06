import Demo
import Forecasting
import StockcastCore

/// A small model so that training in tests takes well under a second in a debug build.
func tinyConfiguration(epochs: Int = 2) -> ModelConfiguration {
    var c = ModelConfiguration()
    c.sequenceLength = 10
    c.lstmUnits = [6, 4]
    c.denseUnits = 3
    c.outputDays = 7
    c.salesLevelDays = 14
    c.returnsLevelDays = 10
    c.training.epochs = epochs
    c.training.batchSize = 16
    return c
}

func history(_ product: String = "P001", days: Int = 120, seed: UInt64 = 42) -> ProductHistory {
    var h = SyntheticHistory.generate(products: 1, days: days, start: Day(iso: "2024-01-01")!, seed: seed)[0]
    h.product = product
    return h
}
