import StockcastCore
import Testing

@testable import Forecasting

@Suite struct SeasonalMeanTests {
    static let monday = Day(iso: "2024-01-01")!

    /// Level (last 28 days) × each weekday's share of the year's weekly pattern.
    @Test func levelTimesTheWeekdayProfile() {
        let week: [Double] = [10, 10, 10, 10, 10, 20, 0]  // Monday … Sunday
        let history = (0..<70).map { week[$0 % 7] }
        let f = SeasonalMean.forecast(history: history, start: Self.monday, horizon: 8)
        // Mean 10; profile 1, 1, 1, 1, 1, 2, 0; the day after the history is a Monday.
        #expect(f == [10, 10, 10, 10, 10, 20, 0, 10])
    }

    /// What seasonal naive gets wrong: a quiet last week, and a one-off spike.
    @Test func aQuietWeekOrASpikeIsNotRepeatedVerbatim() {
        var history = [Double](repeating: 6, count: 63) + [Double](repeating: 0, count: 7)
        var f = SeasonalMean.forecast(history: history, start: Self.monday, horizon: 14)
        #expect(SeasonalNaive.forecast(history: history, horizon: 14).allSatisfy { $0 == 0 })
        #expect(f.allSatisfy { abs($0 - 4.5) < 1e-9 }, "three weeks of 6 and one of 0 in the last 28 days")
        history = [Double](repeating: 6, count: 70)
        history[66] = 146
        f = SeasonalMean.forecast(history: history, start: Self.monday, horizon: 7)
        #expect(SeasonalNaive.forecast(history: history, horizon: 7)[3] == 146)
        // Level 11 (the spike in the last 28 days), Thursday's profile 2.5: 27.5, not a copy of 146.
        #expect(abs(f[3] - 27.5) < 1e-9 && f.filter { $0 > 10 }.count == 1)
    }

    /// A sparse series is levelled on enough demand: the window grows a week at a time until it
    /// holds 8 non-zero days.
    @Test func aSparseSeriesIsLevelledOnEightDemandDays() {
        let history = (0..<200).map { $0 % 10 == 0 ? 5.0 : 0 }  // one day in ten
        #expect(abs(SeasonalMean.level(history) - 0.5) < 0.06, "about 80 days, not 28 (3 demand days)")
        #expect(SeasonalMean.forecast(history: [], start: Self.monday, horizon: 2) == [0, 0])
        #expect(SeasonalMean.forecast(history: [3, 3], start: Self.monday, horizon: 1) == [3], "without a whole week, flat")
    }
}
