import Testing

@testable import Forecasting

@Suite struct IntervalCalibrationTests {
    /// 100 origins whose errors on every day are -2, -1, 0, 1, …: quantiles by hand.
    @Test func quantilesOfTheScaledErrorsByBandOfDays() throws {
        let errors = (0..<14).map { _ in (0..<100).map { Double($0 % 10) - 2 } }  // -2 … 7, ten times each
        let actuals = errors.map { $0.map { _ in 5.0 } }
        let c = try #require(IntervalCalibration.fit(scaledErrors: errors, actuals: actuals))
        #expect(c.bands.map(\.firstDay) == [1, 8] && c.horizon == 14 && c.errors == 1400)
        let band = c.bands[0]
        // 700 values, index p·699: 0.10 → 69.9 between -2 (70 of them) and -1: -2 + 0.9·... numpy-style.
        #expect(band.q10 == ForecastMetrics.empiricalQuantile(Array(errors[0..<7].joined()), 0.1))
        #expect(band.q90 > band.q10 && band.q975 >= band.q90 && band.q025 <= band.q10 && band.zeroShare == 0)
        let p = c.prediction(.tsb, values: [Double](repeating: 3, count: 30), scale: 2)
        #expect(p.method == .tsb && p.bounds!.lower80[0] == max(0, min(3, 3 + band.q10 * 2)))
        #expect(p.bounds!.upper95[0] == 3 + band.q975 * 2)
        // Day 15 and on: the last band; beyond the 14-day horizon its width grows by √2.
        #expect(abs(p.bounds!.upper80[20] - (3 + c.bands[1].q90 * 2 * 2.0.squareRoot())) < 1e-12)
        #expect(abs(p.sd[0] - band.rms * 2) < 1e-12)
    }

    @Test func fewErrorsPoolOneBandAndZerosPutTheLowerBoundAtZero() throws {
        let errors = (0..<30).map { h in (0..<3).map { Double(($0 + h) % 5) - 1 } }
        let actuals = errors.map { $0.map { $0 < 0 ? 0 : 1.0 } }  // a fifth of the days were zero
        let c = try #require(IntervalCalibration.fit(scaledErrors: errors, actuals: actuals))
        #expect(c.bands.count == 1 && c.bands[0].firstDay == 1 && abs(c.bands[0].zeroShare - 0.2) < 1e-12)
        let p = c.prediction(.crostonSBA, values: [10, 0.5], scale: 1)
        #expect(p.bounds!.lower80 == [0, 0] && p.bounds!.lower95 == [0, 0], "a count with a fifth of its days at zero")
        #expect(zip(p.bounds!.upper80, p.values).allSatisfy { $0 >= $1 })
        // [0, f + q80·scale]: the interval holds 80 % of the validation days as a whole.
        #expect(p.bounds!.upper80[0] == 10 + c.bands[0].q80 && p.bounds!.upper95[0] == 10 + c.bands[0].q95)
        #expect(IntervalCalibration.fit(scaledErrors: [[.nan]], actuals: [[1]]) == nil)
    }

    /// The scale is the mean absolute week-on-week change of the last 364 days, their mean
    /// when that is 0.
    @Test func theScaleFollowsTheRecentHistory() {
        let old = [Double](repeating: 100, count: 400), recent = (0..<371).map { Double($0 % 14 < 7 ? 1 : 3) }
        #expect(IntervalCalibration.scale(old + recent) == 2)
        #expect(IntervalCalibration.scale([Double](repeating: 4, count: 30)) == 4)
        #expect(IntervalCalibration.scale([]) == 0)
    }
}
