import Foundation
import StockcastCore
import StockcastTesting
import Testing

@testable import Forecasting

/// Training and forecasting are total: any finite history (zeros, the smallest and the largest
/// doubles, a lone spike; values a history written before the ingest ceiling may still hold)
/// trains without a trap, and every method's forecast and error sd are finite and not negative.
@Suite struct ExtremeHistoryTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var values: [Double]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "zeros", values: [Double](repeating: 0, count: 90)),
        Case(name: "the smallest double", values: (0..<90).map { $0 % 2 == 0 ? .leastNonzeroMagnitude : 0 }),
        Case(name: "1e15 every day", values: [Double](repeating: 1e15, count: 90)),
        Case(name: "1e300 every day", values: [Double](repeating: 1e300, count: 90)),
        Case(name: "the largest double once", values: (0..<90).map { $0 == 45 ? .greatestFiniteMagnitude : 0 }),
        Case(name: "the largest double at the end", values: (0..<90).map { $0 == 89 ? .greatestFiniteMagnitude : 1 }),
        Case(name: "alternating 0 and the largest double", values: (0..<90).map { $0 % 2 == 0 ? .greatestFiniteMagnitude : 0 }),
        Case(name: "a steep trend", values: (0..<90).map { pow(10, Double($0) / 6) }),
    ]

    static let start = Day(iso: "2024-01-01") ?? Day(daysSince1970: 19723)

    /// `model` made to serve its series whatever its validation said.
    static func served(_ model: SeriesModel) -> SeriesModel {
        var metadata = model.metadata
        metadata.servedBy = .lstm
        metadata.serving = ServingPlan(method: .lstm, calibration: metadata.serving?.calibration)
        return SeriesModel(tensors: model.tensors, metadata: metadata)
    }

    static func expectUsable(_ p: SeriesPrediction, horizon: Int, _ what: String) {
        #expect(p.values.count == horizon && p.sd.count == horizon, "\(what)")
        #expect(p.values.allSatisfy { $0.isFinite && $0 >= 0 }, "\(what): \(p.method) \(p.values.prefix(8))")
        #expect(p.sd.allSatisfy { $0.isFinite && $0 >= 0 }, "\(what): \(p.method) \(p.sd.prefix(8))")
        #expect(p.isUsable, "\(what): \(p.method) bounds \(p.bounds.map { $0.days.prefix(3) } ?? [])")
    }

    @Test(arguments: cases)
    func baselinesForecastAnyFiniteHistoryFinitely(_ c: Case) {
        for days in [3, 20, 90] {
            let history = Array(c.values.suffix(days))
            Self.expectUsable(
                SeriesForecast.predict(nil, context: SeriesContext(series: .sales, start: Self.start, values: history), horizon: 90), horizon: 90,
                "\(c.name), \(days) days")
            Self.expectUsable(SeasonalNaive.prediction(history: history, horizon: 90), horizon: 90, "\(c.name), \(days) days, seasonal naive")
            // Returns are forecast from the sales too (returns from sales): both extreme.
            let returns = SeriesContext(series: .returns, start: Self.start, values: history, sales: history)
            Self.expectUsable(SeriesForecast.predict(nil, context: returns, horizon: 90), horizon: 90, "\(c.name), \(days) days, returns")
        }
    }

    @Test(arguments: cases)
    func anLSTMTrainedOnAnyFiniteHistoryForecastsFinitely(_ c: Case) throws {
        let job = TrainingJob(product: "X", series: .sales, start: Self.start, values: c.values)
        let trained: SeriesModel
        do {
            trained = try InitialTraining.train(job, configuration: ModelConfiguration.tiny(epochs: 1)).model
        } catch {
            // A refusal is a typed error the daemon reports ("no finite loss … no model
            // written"), and the series is forecast by a baseline.
            #expect(error is ForecastingError, "\(c.name): \(error)")
            Self.expectUsable(
                SeriesForecast.predict(nil, context: SeriesContext(series: .sales, start: Self.start, values: c.values), horizon: 90), horizon: 90, c.name)
            return
        }
        Self.expectUsable(
            SeriesForecast.predict(Self.served(trained), context: SeriesContext(series: .sales, start: Self.start, values: c.values), horizon: 90), horizon: 90,
            c.name)
    }

    @Test(arguments: cases)
    func anLSTMTrainedOnOrdinaryDataForecastsAnyFiniteHistoryFinitely(_ c: Case) throws {
        let h = history(days: 90)
        let job = TrainingJob(product: "X", series: .sales, start: h.start, values: h.sales)
        let model = Self.served(try InitialTraining.train(job, configuration: ModelConfiguration.tiny(epochs: 1)).model)
        Self.expectUsable(
            SeriesForecast.predict(model, context: SeriesContext(series: .sales, start: Self.start, values: c.values), horizon: 90), horizon: 90, c.name)
    }
}
