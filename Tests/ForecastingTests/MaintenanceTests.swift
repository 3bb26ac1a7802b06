import Neural
import Testing
@testable import Forecasting
import StockcastCore

@Suite struct MaintenanceTests {
    @Test func seasonalNaiveRepeatsTheLastWeek() {
        let history = (1...10).map(Double.init)
        #expect(SeriesForecast.seasonalNaive(history: history, horizon: 9) == [4, 5, 6, 7, 8, 9, 10, 4, 5])
        #expect(SeriesForecast.seasonalNaive(history: [2, 4], horizon: 2) == [3, 3], "under a week: the mean")
        #expect(SeriesForecast.seasonalNaive(history: [], horizon: 2) == [0, 0])
    }

    @Test func recursiveForecastsFeedPredictionsBackAndNeverGoNegative() throws {
        let h = history(days: 70)
        let model = try InitialTraining.train(TrainingJob(product: "P", series: .sales, start: h.start, values: h.sales),
                                              configuration: tinyConfiguration(epochs: 3)).model
        let forecast = SeriesForecast.recursive(model, history: h.sales, horizon: 20)
        #expect(forecast.count == 20)
        #expect(forecast.allSatisfy { $0 >= 0 && $0.isFinite })
        // Day 2 is the model's prediction for the window that ends with day 1's prediction.
        let network = model.network()
        let scaler = model.scaler
        var window = h.sales.suffix(10).map { Float(scaler.scale($0)) }
        let first = network.predict(SequenceDataset(steps: 10, features: 1, inputs: window, targets: [0]))[0]
        window.removeFirst()
        window.append(first)
        let second = network.predict(SequenceDataset(steps: 10, features: 1, inputs: window, targets: [0]))[0]
        #expect(abs(forecast[1] - max(0, scaler.unscale(Double(second)))) < 1e-9)
        #expect(SeriesForecast.recursive(model, history: Array(h.sales.prefix(5)), horizon: 3).isEmpty, "needs a full window")
    }

    static func fineTuning() -> FineTuneConfiguration {
        var f = FineTuneConfiguration()
        f.epochs = 2
        f.recentDays = 20
        f.replayWindows = 8
        f.validationDays = 7
        return f
    }

    @Test func maintenanceTrainsFallsBackFineTunesAndRetrainsAsThePolicySays() throws {
        let config = tinyConfiguration(epochs: 2), tuning = Self.fineTuning()
        let h = history(days: 100)
        func job(_ days: Int, values: [Double]? = nil) -> TrainingJob {
            TrainingJob(product: "P", series: .sales, start: h.start, values: values ?? Array(h.sales.prefix(days)))
        }

        let short = try ModelMaintenance.update(job(39), current: nil, configuration: config, fineTuning: tuning)
        #expect(short.model == nil && short.source == .seasonalNaive && !short.isNew)
        #expect(short.decision == "seasonal naive: 39 days of history, 40 needed for an LSTM")

        let first = try ModelMaintenance.update(job(80), current: nil, configuration: config, fineTuning: tuning)
        let v1 = try #require(first.model)
        #expect(first.isNew && v1.metadata.version == 1 && first.decision.hasPrefix("initial training"))

        let tuned = try ModelMaintenance.update(job(90), current: v1, configuration: config, fineTuning: tuning)
        #expect(tuned.decision.hasPrefix("fine-tuned v1 → v2, accepted") || tuned.decision.hasPrefix("fine-tune rejected, kept v1"))
        if tuned.isNew {
            #expect(tuned.model?.metadata.version == 2 && tuned.model?.metadata.parentVersion == 1)
            #expect(tuned.model?.metadata.trainedThrough == h.start.advanced(by: 89))
            #expect(tuned.model?.metadata.scalerMax == v1.metadata.scalerMax, "fine-tuning keeps the scaling")
        } else {
            #expect(tuned.model?.tensors == v1.tensors)
        }

        var spiked = Array(h.sales.prefix(90))
        spiked[89] = v1.metadata.scalerMax[0] * 3
        let retrained = try ModelMaintenance.update(job(90, values: spiked), current: v1, configuration: config, fineTuning: tuning)
        #expect(retrained.decision.hasPrefix("full retrain"))
        #expect(retrained.model?.metadata.version == 2 && retrained.model?.metadata.scalerMax == [spiked[89]])

        let forced = try ModelMaintenance.update(job(90), current: v1, forceFull: true, configuration: config, fineTuning: tuning)
        #expect(forced.decision.hasPrefix("full retrain requested") && forced.model?.metadata.parentVersion == 1)
    }

    @Test func aFineTuneIsAcceptedOnlyWhenNotWorseAndIsReproducible() throws {
        let h = history(days: 100)
        let v1 = try InitialTraining.train(TrainingJob(product: "P", series: .returns, start: h.start, values: Array(h.returns.prefix(85))),
                                           configuration: tinyConfiguration(epochs: 2)).model
        let job = TrainingJob(product: "P", series: .returns, start: h.start, values: h.returns)
        let a = try FineTuning.tune(v1, job: job, configuration: Self.fineTuning())
        let b = try FineTuning.tune(v1, job: job, configuration: Self.fineTuning())
        #expect(a.candidate.tensors == b.candidate.tensors)
        #expect(a.accepted == (a.candidateMAE <= a.currentMAE))
        #expect(a.candidate.metadata.version == 2)
    }
}
