import Forecasting
import Testing

@Suite struct ForecastMetricsTests {
    /// forecast − actual = [1, 0, −2, 4]: MAE 7/4, RMSE √(21/4), bias 3/4.
    @Test func errorScoresMatchHandValues() {
        let forecast = [3.0, 5, 2, 8], actual = [2.0, 5, 4, 4]
        #expect(ForecastMetrics.mae(forecast, actual) == 1.75)
        #expect(ForecastMetrics.rmse(forecast, actual) == (5.25).squareRoot())
        #expect(ForecastMetrics.bias(forecast, actual) == 0.75, "positive: too high")
        #expect(ForecastMetrics.bias(actual, forecast) == -0.75)
    }

    /// Season 2 over [1, 3, 2, 4, 5, 3]: |2−1|, |4−3|, |5−2|, |3−4| = 1, 1, 3, 1, mean 1.5.
    /// Season 7 over 9 days: |12−10|, |10−12|, mean 2.
    @Test func maseScalesByTheInSampleSeasonalNaiveError() {
        let history = [1.0, 3, 2, 4, 5, 3]
        #expect(SeasonalNaive.scale(history, season: 2) == 1.5)
        #expect(SeasonalNaive.scale([10, 12, 9, 11, 13, 8, 10, 12, 10]) == 2)
        #expect(ForecastMetrics.mase([3, 5, 2, 8], [2, 5, 4, 4], history: history, season: 2) == 1.75 / 1.5)
        #expect(SeasonalNaive.scale([1, 2], season: 2) == nil, "no one-step error")
        #expect(SeasonalNaive.scale([1, 2, 1, 2], season: 2) == nil, "zero scale")
        #expect(SeasonalNaive.scale([1, 2, 3], season: 0) == nil)
        #expect(ForecastMetrics.mase([1], [2], history: [1, 2, 1, 2], season: 2) == nil)
    }

    /// Days 0 (on the lower bound) and 3 (on the upper bound) are inside; 1, 2, 4 are not.
    @Test func coverageCountsBoundsAsInside() {
        let actual = [1.0, 2, 3, 4, 5]
        #expect(ForecastMetrics.coverage(actual: actual, lower: [1, 0, 3.5, 0, 6], upper: [2, 1, 4, 4, 7]) == 0.4)
        #expect(ForecastMetrics.coverage(actual: [.nan], lower: [0], upper: [1]) == 0)
        #expect(ForecastMetrics.coverage(actual: [], lower: [], upper: []) == nil)
        #expect(ForecastMetrics.coverage(actual: [1, 2], lower: [0], upper: [3, 3]) == nil)
    }

    /// Mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, /8 = 4, √ = 2.
    @Test func spreadIsThePopulationStandardDeviation() {
        #expect(ForecastMetrics.spread([2, 4, 4, 4, 5, 5, 7, 9]) == 2)
        #expect(ForecastMetrics.spread([3]) == 0)
        #expect(ForecastMetrics.spread([]) == nil)
    }

    /// numpy.quantile(..., method="linear"): index p·(n − 1) into the sorted values.
    @Test func quantileInterpolatesLikeNumpy() {
        #expect(ForecastMetrics.empiricalQuantile([1, 2, 3, 4], 0.25) == 1.75)
        #expect(ForecastMetrics.empiricalQuantile([4, 1, 3, 2], 0.25) == 1.75, "sorts first")
        #expect(ForecastMetrics.empiricalQuantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(ForecastMetrics.empiricalQuantile([1, 2, 3, 4], 0) == 1)
        #expect(ForecastMetrics.empiricalQuantile([1, 2, 3, 4], 1) == 4)
        #expect(abs(ForecastMetrics.empiricalQuantile([5, 1, 4, 2, 3], 0.9)! - 4.6) < 1e-12, "index 3.6")
        #expect(ForecastMetrics.empiricalQuantile([10], 0.3) == 10)
        #expect(ForecastMetrics.empiricalQuantile([], 0.5) == nil)
        #expect(ForecastMetrics.empiricalQuantile([1, 2], 1.1) == nil)
        #expect(ForecastMetrics.empiricalQuantile([1, 2], .nan) == nil)
        #expect(ForecastMetrics.empiricalQuantile([1, .nan], 0.5) == nil)
    }

    @Test func emptyMismatchedOrNonFiniteInputGivesNil() {
        for score in [ForecastMetrics.mae, ForecastMetrics.rmse, ForecastMetrics.bias] {
            #expect(score([], []) == nil)
            #expect(score([1, 2], [1]) == nil)
            #expect(score([1, .nan], [1, 2]) == nil)
            #expect(score([.infinity], [1]) == nil)
        }
        #expect(ForecastMetrics.mase([], [], history: [1, 2, 3, 4, 5, 6, 7, 9]) == nil)
        #expect(ForecastMetrics.spread([1, .infinity]) == nil)
    }
}
