import Foundation
import StockcastCore
import Testing

@testable import Forecasting

@Suite struct PredictionTests {
    @Test func intervalsAreTheForecastPlusMinusZTimesTheSDClampedAtZero() {
        let p = SeriesPrediction(method: .lstm, values: [10, 1], sd: [2, 2])
        let i80 = p.interval(0.8), i95 = p.interval(0.95)
        // z(0.9) = 1.2815515655446004, z(0.975) = 1.959963984540054.
        #expect(abs(i80.lower[0] - (10 - 2 * 1.2815515655446004)) < 1e-12 && abs(i80.upper[0] - (10 + 2 * 1.2815515655446004)) < 1e-12)
        #expect(abs(i95.upper[0] - (10 + 2 * 1.959963984540054)) < 1e-12)
        #expect(i80.lower[1] == 0 && i95.lower[1] == 0, "never below zero")
    }

    @Test func seasonalNaiveErrorGrowsWithTheSquareRootOfTheWeeksAhead() {
        // Week-on-week differences of [1…7, 2…8]: all 1 → sd 1.
        let history = (1...7).map(Double.init) + (2...8).map(Double.init)
        let p = SeasonalNaive.prediction(history: history, horizon: 15)
        #expect(p.values.prefix(7) == [2, 3, 4, 5, 6, 7, 8])
        #expect(p.sd[0] == 1 && p.sd[6] == 1 && p.sd[7] == 2.0.squareRoot() && p.sd[14] == 3.0.squareRoot())
        #expect(SeasonalNaive.prediction(history: [1, 2], horizon: 2).sd == [0, 0], "no week-on-week difference to measure")
    }

    @Test func holtWintersErrorFollowsTheETSVarianceFormula() throws {
        let week: [Double] = [3, -1, 0, 2, -2, 1, -3]
        let values: [Double] = (0..<56).map { (d: Int) -> Double in
            let noise: Double = d % 5 == 0 ? 1.5 : -0.4
            return 20 + 0.1 * Double(d) + week[d % 7] + noise
        }
        let p = try #require(Baselines.holtWinters(history: values, horizon: 9))
        let fit = try #require(HoltWinters.fit(values))
        #expect(p.values == fit.forecast(horizon: 9).map { max(0, $0) })
        // h = 1: σ; h = 2: σ√(1 + c1²), c1 = α(1 + β); h = 8 adds c7 = α(1 + 7β) + (1 − α)γ.
        var sum = 1.0
        for j in 1...7 {
            let seasonal: Double = j % 7 == 0 ? (1 - fit.alpha) * fit.gamma : 0
            let c: Double = fit.alpha * (1 + Double(j) * fit.beta) + seasonal
            sum += c * c
        }
        #expect(p.sd[0] == fit.residualSD)
        let c1: Double = fit.alpha * (1 + fit.beta)
        let sd2: Double = fit.residualSD * (1 + c1 * c1).squareRoot()
        #expect(abs(p.sd[1] - sd2) < 1e-12)
        #expect(abs(p.sd[7] - fit.residualSD * sum.squareRoot()) < 1e-12)
        #expect(Baselines.holtWinters(history: Array(values.prefix(27)), horizon: 3) == nil, "four weeks needed")
    }

    @Test func theLSTMsErrorSDIsItsRelativeValidationErrorSmoothedOverAWeek() {
        // A flat series of 5; the LSTM's rows miss by 4 every day: relative error 4 / 5.
        let values = [Double](repeating: 5, count: 80)
        let origins = 40..<74
        let bad = origins.map { _ in [Double](repeating: 9, count: 7) }
        let levels = [Double](repeating: 5, count: origins.count)
        let sd = HoldoutEvaluation.errorSD(values: values, forecasts: bad, levels: levels, origins: origins)
        #expect(sd.count == 7 && sd.allSatisfy { abs($0 - 0.8) < 1e-12 })
    }

    @Test func backtestScoresCoverageMASEAndSpreadFromTheOutcomes() throws {
        let start = Day(iso: "2024-01-01")!
        let history = (0..<21).map { Double($0 % 7) }  // seasonal-naive one-step MAE 0 → no MASE
        let outcome = Backtest.Outcome(
            product: "P", series: .sales, origin: start, actual: [10, 12, 14, 16],
            scale: SeasonalNaive.scale(history + [1]),
            predictions: [.lstm: SeriesPrediction(method: .lstm, values: [11, 11, 11, 11], sd: [1, 1, 1, 1])],
            served: .lstm, selection: nil)
        let s = try #require(Backtest.score([outcome], method: .lstm))
        #expect(s.mae == 2.5 && s.days == 4, "errors 1, 1, 3, 5")
        #expect(s.rmse == 3, "√(36 / 4)")
        // 80 %: 11 ± 1.28 holds 10 and 12; 95 %: 11 ± 1.96 holds the same two.
        #expect(s.coverage80 == 0.5 && s.coverage95 == 0.5)
        #expect(s.spreadRatio == 0, "a flat forecast has no spread")
        #expect(Backtest.score([outcome], method: .holtWinters) == nil)
        #expect(Backtest.score([outcome], method: nil)?.mae == 2.5, "served: the LSTM here")
    }
}
