import Neural
import StockcastCore
import StockcastTesting
import Testing

@testable import Forecasting

@Suite struct SeriesForecastTests {
    static let monday = Day(iso: "2024-01-01")!

    @Test func withoutAModelAShortHistoryGetsTheSeasonalMeanAndALongerOneAChoice() {
        let short = SeriesContext(series: .sales, start: Self.monday, values: (0..<20).map { Double(10 + $0 % 7) })
        let p = SeriesForecast.predict(nil, context: short, horizon: 10)
        #expect(p.method == .seasonalMean && p.values.count == 10 && p.sd.count == 10)
        #expect(p.values == SeasonalMean.forecast(history: short.values, start: Self.monday, horizon: 10))
        #expect(SeriesForecast.method(nil, context: short) == .seasonalMean)

        let h = history(days: 120)
        let context = SeriesContext(h, .returns)
        let plan = SeriesForecast.plan(context)
        #expect(plan != nil && plan?.calibration != nil && plan?.method != .seasonalNaive)
        let q = SeriesForecast.predict(nil, context: context, horizon: 45)
        #expect(q.method == plan?.method && q.values.count == 45 && q.bounds?.upper95.count == 45)
        #expect(q.values.allSatisfy { $0 >= 0 } && q.bounds!.lower80.allSatisfy { $0 >= 0 })
        #expect(zip(q.bounds!.lower95, q.bounds!.lower80).allSatisfy { $0 <= $1 } && zip(q.bounds!.upper80, q.bounds!.upper95).allSatisfy { $0 <= $1 })
        #expect(SeriesForecast.predict(nil, context: context, horizon: 45) == q, "reproducible")
        let both = SeriesForecast.predict([:], history: h, horizon: 45)
        #expect(both.returns == q, "a product's returns are forecast with its sales")
    }

    /// A shop closed on Saturdays: the LSTM's forecast is 0 there too, whatever the network says.
    @Test func aClosedWeekdayIsZeroInTheLSTMsForecastAndEveryChoice() throws {
        let values: [Double] = (0..<120).map { Self.monday.advanced(by: $0).weekday == 6 ? 0 : 40 + Double($0 * 37 % 11) }
        let job = TrainingJob(product: "P", series: .sales, start: Self.monday, values: values)
        let model = try InitialTraining.train(job, configuration: .tiny(epochs: 1)).model
        var lstmOnly = model.metadata
        lstmOnly.serving = ServingPlan(method: .lstm, calibration: model.metadata.serving?.calibration)
        let m = SeriesModel(tensors: model.tensors, metadata: lstmOnly)
        for served in [m, model] {
            let p = SeriesForecast.predict(served, context: job.context, horizon: 14)
            for (h, v) in p.values.enumerated() where Self.monday.advanced(by: 120 + h).weekday == 6 {
                #expect(v == 0 && p.bounds!.upper95[h] == 0, "\(p.method) on a Saturday")
            }
            #expect(p.values.contains { $0 > 0 })
        }
        // A file written before plans is served by its `servedBy`, with the LSTM's own sds.
        var legacy = model.metadata
        legacy.serving = nil
        legacy.servedBy = .lstm
        let old = SeriesForecast.predict(SeriesModel(tensors: model.tensors, metadata: legacy), context: job.context, horizon: 7)
        #expect(old.method == .lstm && old.bounds == nil && Self.monday.advanced(by: 124).weekday == 6 && old.values[4] == 0)
    }

    @Test func thePlanTravelsInTheModelMetadata() throws {
        let h = history(days: 90)
        let outcome = try InitialTraining.train(TrainingJob(h, .returns), configuration: .tiny(epochs: 1))
        let m = outcome.model.metadata
        let plan = try #require(m.serving)
        #expect(plan.method == m.servedBy && outcome.selection?.plan == plan)
        #expect(m.encoded["serving"] == plan.json && m.encoded["serving_note"] != nil)
        #expect(try ModelMetadata(decoding: m.encoded, source: "m") == m)
        #expect(ServingPlan(json: plan.json) == plan && ServingPlan(json: "{") == nil)
        // A file edited into something that cannot serve is refused, not trapped on.
        var empty = plan
        empty.calibration?.bands = []
        #expect(ServingPlan(json: empty.json) == nil)
        #expect(ServingPlan(json: ServingPlan(method: .combination).json) == nil, "a combination needs members")
        #expect(IntervalCalibration(bands: [], horizon: 30, errors: 0).prediction(.tsb, values: [1, 2], scale: 1).bounds == nil)
        var broken = m.encoded
        broken["serving"] = "[]"
        #expect(throws: ModelFileError.self) { try ModelMetadata(decoding: broken, source: "m") }
    }
}
