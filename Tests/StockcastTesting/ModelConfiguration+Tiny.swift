import Forecasting

extension ModelConfiguration {
    /// A model small enough that training it in a debug build takes well under a second: two
    /// small LSTMs and a small dense layer on short windows (days), trained for a few epochs in
    /// batches of 16. Each test target picks the sizes its tests were written for.
    package static func tiny(
        sequenceLength: Int = 10, lstmUnits: [Int] = [6, 4], denseUnits: Int = 3, outputDays: Int = 7,
        salesLevelDays: Int = 14, returnsLevelDays: Int = 10, minimumExtraDays: Int? = nil,
        epochs: Int = 2
    ) -> ModelConfiguration {
        var c = ModelConfiguration()
        c.sequenceLength = sequenceLength
        c.lstmUnits = lstmUnits
        c.denseUnits = denseUnits
        c.outputDays = outputDays
        c.salesLevelDays = salesLevelDays
        c.returnsLevelDays = returnsLevelDays
        if let minimumExtraDays { c.minimumExtraDays = minimumExtraDays }
        c.training.epochs = epochs
        c.training.batchSize = 16
        return c
    }
}
