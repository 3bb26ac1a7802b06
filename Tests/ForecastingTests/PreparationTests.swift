import Neural
import Testing
@testable import Forecasting
import StockcastCore

@Suite struct PreparationTests {
    @Test func windowsSlideOneDayAndSplitChronologically() {
        let series = (0..<40).map(Double.init)
        let windows = Windows.make(series, length: 30)
        #expect(windows.count == 10)
        #expect(windows.inputs.prefix(30) == ArraySlice((0..<30).map(Float.init)))
        #expect(windows.targets == (30..<40).map(Float.init))
        let (training, validation) = Windows.split(Windows.make((0..<730).map(Double.init), length: 30), trainFraction: 0.8)
        #expect(training.count == 560 && validation.count == 140, "the seed's 80/20 split of 700 windows")
        #expect(validation.targets.first == 590, "validation follows training in time")
    }

    @Test func minMaxScalingMapsTheFittedRangeToZeroOne() {
        let scaler = MinMaxScaler(fitting: [12, 20, 8, 16])
        #expect(scaler.scale(8) == 0 && scaler.scale(20) == 1 && scaler.scale(14) == 0.5)
        #expect(scaler.unscale(scaler.scale(17.25)) == 17.25)
        let constant = MinMaxScaler(fitting: [5, 5, 5])
        #expect(constant.scale(5) == 0 && constant.unscale(0) == 5)
    }

    @Test func theSeedArchitectureIsTheDefault() {
        #expect(ModelConfiguration().architecture == [
            .lstm(units: 50, returnSequences: true), .dropout(rate: 0.2),
            .lstm(units: 50, returnSequences: false), .dropout(rate: 0.2),
            .dense(units: 25), .dense(units: 1)])
        #expect(ModelConfiguration().minimumHistory == 60, "one 30-day window plus 30 days")
    }

    @Test func syntheticDataIsReproducibleAndShapedLikeTheSeeds() {
        let start = Day(iso: "2023-01-01")!
        let five = SyntheticHistory.generate(products: 5, days: 730, start: start, seed: 42)
        #expect(five == SyntheticHistory.generate(products: 5, days: 730, start: start, seed: 42))
        #expect(Array(five.prefix(3)) == SyntheticHistory.generate(products: 3, days: 730, start: start, seed: 42))
        #expect(five != SyntheticHistory.generate(products: 5, days: 730, start: start, seed: 43))
        #expect(five.map(\.product) == ["P001", "P002", "P003", "P004", "P005"])
        for h in five {
            let mean = h.sales.reduce(0, +) / 730
            let returnShare = h.returns.dropFirst(7).reduce(0, +) / h.sales.dropLast(7).reduce(0, +)
            #expect(mean > 90 && mean < 200, "\(h.product) sales mean \(mean)")
            #expect(returnShare > 0.08 && returnShare < 0.12, "returns are 5–15 % of sales a week earlier")
            #expect(h.sales.allSatisfy { $0 >= 0 && $0 == $0.rounded() })
        }
    }
}
