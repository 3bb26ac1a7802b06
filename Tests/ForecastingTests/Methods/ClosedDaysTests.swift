import StockcastCore
import Testing

@testable import Forecasting

@Suite struct ClosedDaysTests {
    static let monday = Day(iso: "2024-01-01")!
    /// A shop selling 70 ± 10 a day, closed on Saturdays (ISO weekday 6).
    static let shop: [Double] = (0..<140).map { (d: Int) -> Double in d % 7 == 5 ? 0 : Double(60 + d * 37 % 21) }

    @Test func aWeekdayZeroAllYearIsClosedAndForecastAsZeroByEveryMethod() {
        #expect(ClosedDays.weekdays(history: Self.shop, start: Self.monday) == [6])
        let context = SeriesContext(series: .sales, start: Self.monday, values: Self.shop)
        for method in [ForecastMethod.seasonalMean, .holtWinters, .seasonalNaive, .crostonSBA, .tsb, .adida, .imapa] {
            let f = Candidates.forecast(method, context, horizon: 14)!
            #expect(f[5] == 0 && f[12] == 0, "\(method): Saturdays")
            #expect(f[0] > 0, "\(method): Mondays")
        }
    }

    @Test func aFlatRateIsRaisedOnTheOpenDaysSoThatTheWeekKeepsItsTotal() {
        let f = ClosedDays.apply([Double](repeating: 6, count: 7), history: Self.shop, start: Self.monday, weekdayAware: false)
        #expect(f.reduce(0, +) == 42 && f[5] == 0 && f[0] == 7)
        let aware = ClosedDays.apply([Double](repeating: 6, count: 7), history: Self.shop, start: Self.monday, weekdayAware: true)
        #expect(aware[5] == 0 && aware[0] == 6)
    }

    /// Zero on a weekday all year is no evidence when the series is zero most days anyway, and
    /// one sale on that weekday opens it.
    @Test func sparseSeriesAndReopenedDaysAreNotClosed() {
        let sparse = (0..<364).map { $0 % 7 != 5 && $0 % 11 == 0 ? 1.0 : 0 }
        #expect(ClosedDays.weekdays(history: sparse, start: Self.monday).isEmpty)
        var reopened = Self.shop
        reopened[138] = 0
        reopened[131] = 5  // a Saturday that sold
        #expect(ClosedDays.weekdays(history: reopened, start: Self.monday).isEmpty)
        #expect(ClosedDays.weekdays(history: Array(Self.shop.prefix(21)), start: Self.monday).isEmpty, "three Saturdays are too few")
    }
}
