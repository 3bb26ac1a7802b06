import Foundation
import Neural
import StockcastCore
import Testing

@testable import Forecasting

@Suite struct PreparationTests {
    @Test func windowsAreScaledByLevelAndWeekdayProfileWithTheDayOfYearAndSplitChronologically() {
        // From Monday 2024-01-01: 10 units every day but Sunday, 20 on Sundays; one spike.
        let start = Day(iso: "2024-01-01")!
        var series = (0..<42).map { start.advanced(by: $0).weekday == 7 ? 20.0 : 10.0 }
        series[12] = 15  // Saturday 13 January
        let encoding = SeriesEncoding(length: 5, outputDays: 3, levelDays: 14, weekdayDays: 14)
        let origins = encoding.origins(count: series.count)
        #expect(origins == 14..<40, "14 days of level before the first origin, 3 target days after the last")
        let (data, scales) = encoding.windows(series, start: start, origins: origins)
        #expect(data.count == 26 && data.features == 3 && data.outputs == 3)
        // Origin 14: days 0…13 hold 11 tens, the 15 and two 20s: level 165 / 14. Weekday means:
        // Mon–Fri 10, Sat (10 + 15) / 2 = 12.5, Sun 20; their mean 82.5 / 7; profile = mean ÷ that.
        let level = 165.0 / 14, overall = 82.5 / 7
        #expect(abs(scales[0].level - level) < 1e-12)
        #expect(abs(scales[0].weekday[0] - 10 / overall) < 1e-12 && abs(scales[0].weekday[5] - 12.5 / overall) < 1e-12)
        #expect(abs(scales[0].weekday[6] - 20 / overall) < 1e-12)
        // The window is days 9…13 (Wed 10 … Sun 14 January): (value − level·profile) / level.
        let first = Array(data.inputs.prefix(15))
        #expect(abs(Double(first[0]) - (10 - level * 10 / overall) / level) < 1e-6, "Wednesday")
        #expect(abs(Double(first[9]) - (15 - level * 12.5 / overall) / level) < 1e-6, "the Saturday spike")
        // Day 9 is the 10th day of the year.
        #expect(abs(Double(first[1]) - sin(2 * .pi * 9 / 365.25)) < 1e-6 && abs(Double(first[2]) - cos(2 * .pi * 9 / 365.25)) < 1e-6)
        // Targets (days 14, 15, 16: Mon, Tue, Wed) are scaled alike and map back to units.
        #expect(abs(Double(data.targets[0]) - (10 - level * 10 / overall) / level) < 1e-6)
        #expect(abs(scales[0].units(data.targets[0], on: start.advanced(by: 14)) - 10) < 1e-5, "outputs map back to units")
        #expect(scales[0].units(-30, on: start) == 0, "never negative")
        let (training, validation) = Windows.split(data, trainFraction: 0.8)
        #expect(training.count == 20 && validation.count == 6)
        #expect(validation.inputs.prefix(15) == data.inputs[(20 * 15)..<(21 * 15)], "validation follows training in time")
        let flat = SeriesEncoding(length: 5, outputDays: 1, levelDays: 5, weekdayDays: 7)
        #expect(flat.level([0, 0, 0, 0.5, 0], end: 5) == 1, "a level is at least 1 unit")
        #expect(flat.scale([0, 0, 0, 0, 0, 0, 0], start: start, end: 7).weekday == WindowScale.flat, "no profile from nothing")
        #expect(flat.scale([1, 1, 1, 1, 1], start: start, end: 5).weekday == WindowScale.flat, "no profile without every weekday")
    }

    @Test func minMaxScalingMapsTheFittedRangeToZeroOne() {
        let scaler = MinMaxScaler(fitting: [12, 20, 8, 16])
        #expect(scaler.scale(8) == 0 && scaler.scale(20) == 1 && scaler.scale(14) == 0.5)
        #expect(scaler.unscale(scaler.scale(17.25)) == 17.25)
        let constant = MinMaxScaler(fitting: [5, 5, 5])
        #expect(constant.scale(5) == 0 && constant.unscale(0) == 5)
    }

    @Test func theSeedCoreWithADirectThirtyDayHeadIsTheDefault() {
        #expect(
            ModelConfiguration().architecture == [
                .lstm(units: 50, returnSequences: true), .lstm(units: 50, returnSequences: false),
                .dense(units: 25), .dense(units: 30),
            ])
        var seed = ModelConfiguration()
        seed.dropout = 0.2
        #expect(
            seed.architecture == [
                .lstm(units: 50, returnSequences: true), .dropout(rate: 0.2),
                .lstm(units: 50, returnSequences: false), .dropout(rate: 0.2),
                .dense(units: 25), .dense(units: 30),
            ], "the seed's dropout when configured")
        #expect(ModelConfiguration().minimumHistory == 84 + 29 + 30, "an 84-day level, 30 target days and 30 more windows")
    }
}
