import Foundation
import Neural
import Testing
@testable import Forecasting
import StockcastCore

@Suite struct PreparationTests {
    @Test func windowsAreLevelNormalisedWithCalendarFeaturesAndSplitChronologically() {
        // 2024-01-01 is a Monday, day 1 of the year.
        let start = Day(iso: "2024-01-01")!
        let series = (0..<40).map { Double($0 + 1) }
        let encoding = SeriesEncoding(length: 5, outputDays: 3, levelDays: 10)
        let origins = encoding.origins(count: series.count)
        #expect(origins == 10..<38, "10 days of level before the first origin, 3 target days after the last")
        let (data, levels) = encoding.windows(series, start: start, origins: origins)
        #expect(data.count == 28 && data.features == 5 && data.outputs == 3)
        // Origin 10: level = mean of days 0...9 = 5.5; the window is days 5...9 (values 6...10).
        #expect(levels[0] == 5.5)
        let first = Array(data.inputs.prefix(25))
        #expect(abs(Double(first[0]) - (6 / 5.5 - 1)) < 1e-6 && abs(Double(first[20]) - (10 / 5.5 - 1)) < 1e-6)
        // Day 5 is Saturday 6 January: weekday 6, day of year 6.
        #expect(abs(Double(first[1]) - sin(2 * .pi * 5 / 7)) < 1e-6 && abs(Double(first[2]) - cos(2 * .pi * 5 / 7)) < 1e-6)
        #expect(abs(Double(first[3]) - sin(2 * .pi * 5 / 365.25)) < 1e-6 && abs(Double(first[4]) - cos(2 * .pi * 5 / 365.25)) < 1e-6)
        #expect(zip(data.targets.prefix(3), [11.0, 12, 13]).allSatisfy { abs(Double($0) - ($1 / 5.5 - 1)) < 1e-6 })
        #expect(SeriesEncoding.units(data.targets[0], level: levels[0]) - 11 < 1e-5, "outputs map back to units")
        #expect(SeriesEncoding.units(-3, level: 10) == 0, "never negative")
        let (training, validation) = Windows.split(data, trainFraction: 0.8)
        #expect(training.count == 22 && validation.count == 6)
        #expect(validation.inputs.prefix(25) == data.inputs[(22 * 25)..<(23 * 25)], "validation follows training in time")
        #expect(SeriesEncoding(length: 5, outputDays: 1, levelDays: 0).level([0, 0, 0, 0.5, 0], end: 5) == 1, "a level is at least 1 unit")
    }

    @Test func minMaxScalingMapsTheFittedRangeToZeroOne() {
        let scaler = MinMaxScaler(fitting: [12, 20, 8, 16])
        #expect(scaler.scale(8) == 0 && scaler.scale(20) == 1 && scaler.scale(14) == 0.5)
        #expect(scaler.unscale(scaler.scale(17.25)) == 17.25)
        let constant = MinMaxScaler(fitting: [5, 5, 5])
        #expect(constant.scale(5) == 0 && constant.unscale(0) == 5)
    }

    @Test func theSeedCoreWithADirectThirtyDayHeadIsTheDefault() {
        #expect(ModelConfiguration().architecture == [
            .lstm(units: 50, returnSequences: true), .lstm(units: 50, returnSequences: false),
            .dense(units: 25), .dense(units: 30)])
        var seed = ModelConfiguration()
        seed.dropout = 0.2
        #expect(seed.architecture == [
            .lstm(units: 50, returnSequences: true), .dropout(rate: 0.2),
            .lstm(units: 50, returnSequences: false), .dropout(rate: 0.2),
            .dense(units: 25), .dense(units: 30)], "the seed's dropout when configured")
        #expect(ModelConfiguration().minimumHistory == 84 + 29 + 30, "an 84-day level, 30 target days and 30 more windows")
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
