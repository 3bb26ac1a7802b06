import StockcastCore
import Testing

@testable import Forecasting

@Suite struct SeasonalNaiveTests {
    /// The value the live accuracy compares with is the forecast made that day: for each day
    /// after the origin, the same weekday of the last known week.
    @Test func theValueForADayIsWhatTheForecastMadeThroughTheOriginSaid() throws {
        let start = Day(iso: "2024-01-01")!
        let history = (1...30).map { Double($0 * $0 % 17) }
        for known in [7, 10, 16] {
            let forecast = SeasonalNaive.forecast(history: Array(history.prefix(known)), horizon: 30 - known)
            let madeThrough = start.advanced(by: known - 1)
            let values = (known..<30).map { SeasonalNaive.value(for: start.advanced(by: $0), madeThrough: madeThrough, history: history, start: start) }
            #expect(values == forecast.map(Optional.some))
        }
        #expect(
            SeasonalNaive.value(for: start.advanced(by: 9), madeThrough: start.advanced(by: 9), history: history, start: start) == nil,
            "a forecast says nothing of its own last day")
        #expect(
            SeasonalNaive.value(for: start.advanced(by: 3), madeThrough: start.advanced(by: 2), history: history, start: start) == nil,
            "the same weekday a week earlier is before the history")
        #expect(
            SeasonalNaive.value(for: start.advanced(by: 40), madeThrough: start.advanced(by: 38), history: history, start: start) == nil,
            "the same weekday is after the history")
    }

    /// The scale is the mean absolute one-step error, the error sd their root mean square.
    @Test func scaleAndErrorDeviationComeFromTheSameOneStepErrors() {
        let history = [1.0, 3, 2, 4, 5, 3]
        #expect(SeasonalNaive.oneStepErrors(history, season: 2) == [1, 1, 3, -1])
        #expect(SeasonalNaive.scale(history, season: 2) == 1.5)
        #expect(SeasonalNaive.prediction(history: history, horizon: 1, season: 2).sd == [(3.0).squareRoot()], "√((1 + 1 + 9 + 1) / 4)")
    }
}
