import StockcastCore
import Testing

@testable import Forecasting

@Suite struct MethodSelectionTests {
    static let start = Day(iso: "2024-01-01")!
    /// A steady weekly pattern with a little noise: 200 days.
    static let weekly: [Double] = (0..<200).map { Double([10, 12, 11, 13, 30, 25, 5][$0 % 7]) + Double($0 * 7919 % 5) - 2 }

    @Test func originsRunBackEveryFourteenDaysFromTheNewest() {
        #expect(MethodSelection.origins(count: 100, horizon: 30, earliest: 28) == [70, 56, 42, 28])
        #expect(MethodSelection.origins(count: 100, horizon: 30, newest: 60, earliest: 40, spacing: 7, limit: 2) == [60, 53])
        #expect(MethodSelection.origins(count: 40, horizon: 30, earliest: 28).isEmpty)
    }

    @Test func theLowestMeanMASEServesAndSeasonalNaiveIsOnlyTheYardstick() throws {
        let context = SeriesContext(series: .sales, start: Self.start, values: Self.weekly)
        let origins = MethodSelection.origins(count: 200, horizon: 28, earliest: 56)
        // An LSTM that is off by 20 on every day, and one that is perfect.
        let bad = Dictionary(uniqueKeysWithValues: origins.map { o in (o, Self.weekly[o..<(o + 28)].map { $0 + 20 }) })
        let s = try #require(MethodSelection.select(context, origins: origins, horizon: 28, lstm: bad))
        #expect(s.origins == origins.count && s.horizon == 28 && s.scores[.lstm]! > s.scores[.seasonalMean]!)
        #expect(s.served != .lstm && s.served != .seasonalNaive)
        let best = s.scores.filter { $0.key != .seasonalNaive }.min { $0.value < $1.value }!
        #expect(s.scores[s.served] == best.value)
        #expect(s.combination.count == 3 && abs(s.combination.map(\.weight).reduce(0, +) - 1) < 1e-12)
        #expect(s.reason.contains("validation origins") && s.reason.hasPrefix("\(s.served) serves"))
        #expect(s.calibrations[s.served] == s.plan.calibration && s.plan.calibration != nil)

        let perfect = Dictionary(uniqueKeysWithValues: origins.map { o in (o, Array(Self.weekly[o..<(o + 28)])) })
        let kept = try #require(MethodSelection.select(context, origins: origins, horizon: 28, lstm: perfect))
        #expect(kept.served == .lstm && kept.scores[.lstm] == 0)
    }

    @Test func aMarginKeepsTheLSTMUnlessAnotherIsClearlyBetter() throws {
        let context = SeriesContext(series: .sales, start: Self.start, values: Self.weekly)
        let origins = MethodSelection.origins(count: 200, horizon: 28, earliest: 56)
        let off = Dictionary(uniqueKeysWithValues: origins.map { o in (o, Self.weekly[o..<(o + 28)].map { $0 + 2.5 }) })
        let plain = try #require(MethodSelection.select(context, origins: origins, horizon: 28, lstm: off))
        let margin = try #require(MethodSelection.select(context, origins: origins, horizon: 28, lstm: off, lstmMargin: 0.9))
        #expect(margin.served == .lstm)
        #expect(plain.scores == margin.scores)
    }

    @Test func anIntermittentSeriesIsOfferedTheIntermittentMethods() {
        let sparse = (0..<200).map { $0 % 5 == 0 ? Double(1 + $0 % 3) : 0 }
        let offered = Candidates.offered(SeriesContext(series: .sales, start: Self.start, values: sparse))
        #expect([ForecastMethod.crostonSBA, .tsb, .adida, .imapa].allSatisfy(offered.contains))
        #expect(!Candidates.offered(SeriesContext(series: .sales, start: Self.start, values: Self.weekly)).contains(.tsb))
        let returns = SeriesContext(series: .returns, start: Self.start, values: sparse, sales: Self.weekly)
        #expect(Candidates.offered(returns).contains(.returnsFromSales))
    }
}
