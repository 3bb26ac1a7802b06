import Neural
import Testing
@testable import Forecasting
import StockcastCore

@Suite struct InitialTrainingTests {
    @Test func trainingIsReproducibleAndDescribesItselfInTheMetadata() throws {
        let h = history(days: 90)
        let job = TrainingJob(product: h.product, series: .sales, start: h.start, values: h.sales, parentVersion: 2)
        let first = try InitialTraining.train(job, configuration: tinyConfiguration())
        let second = try InitialTraining.train(job, configuration: tinyConfiguration())
        #expect(first.model.tensors == second.model.tensors)
        let m = first.model.metadata
        #expect(m.trainedThrough == h.end && m.firstDay == h.start)
        #expect(m.version == 3 && m.parentVersion == 2)
        #expect(m.scalerMin == [h.sales.min()!] && m.scalerMax == [h.sales.max()!])
        #expect(first.trainingWindows == 64 && first.validationWindows == 16)
        #expect(abs(first.testMAE - first.testMAEScaled * (h.sales.max()! - h.sales.min()!)) < 1e-9)
        #expect(m.validationMAE == first.testMAE)
    }

    @Test func tooShortAHistoryIsReportedNotTrained() {
        let job = TrainingJob(product: "Q", series: .returns, start: Day(iso: "2024-01-01")!, values: [1, 2, 3])
        let error = #expect(throws: ForecastingError.self) { try InitialTraining.train(job, configuration: tinyConfiguration()) }
        #expect(error?.description == "Q returns: 3 days of history, at least 12 needed to train a model")
    }

    @Test func metadataRoundTripsAndCarriesWhatAnotherFrameworkNeeds() throws {
        let h = history(days: 60)
        let outcome = try InitialTraining.train(TrainingJob(product: "a/b", series: .returns, start: h.start, values: h.returns),
                                                configuration: tinyConfiguration(epochs: 1))
        let encoded = outcome.model.metadata.encoded
        for key in ["features", "scaler_min", "scaler_max", "sequence_length", "trained_through", "version", "parent_version",
                    "training_loss", "validation_loss", "architecture"] {
            #expect(encoded[key] != nil, "\(key)")
        }
        #expect(encoded["sequence_length"] == "10")
        #expect(encoded["parent_version"] == "none")
        #expect(try ModelMetadata(decoding: encoded, source: "m") == outcome.model.metadata)
        let read = try SeriesModel(file: outcome.model.file, source: "m")
        #expect(read.tensors == outcome.model.tensors)

        var broken = encoded
        broken["scaler_max"] = nil
        let error = #expect(throws: ModelFileError.self) { try ModelMetadata(decoding: broken, source: "models/x/returns.safetensors") }
        #expect(error?.description.hasPrefix("models/x/returns.safetensors: metadata lacks scaler_max") == true)
    }

    @Test(arguments: [("architecture", "LSTM(50, return_sequences=True), Dropout(1.5), Dense(1)"),
                      ("architecture", "LSTM(100000000), Dense(1)"),
                      ("architecture", "Conv2D(3)"),
                      ("sequence_length", "0"),
                      ("format_version", "7")])
    func aModelFileWithImpossibleMetadataIsRejectedNotObeyed(_ key: String, _ value: String) throws {
        let h = history(days: 40)
        let model = try InitialTraining.train(TrainingJob(product: "P", series: .sales, start: h.start, values: h.sales),
                                              configuration: tinyConfiguration(epochs: 1)).model
        var file = model.file
        file.metadata[key] = value
        #expect(throws: ModelFileError.self) { try SeriesModel(file: file, source: "m.safetensors") }
    }

    @Test func parallelTrainingKeepsJobOrderIsolatesFailuresAndMatchesSequentialResults() async throws {
        let a = history("A", days: 70, seed: 1), b = history("B", days: 70, seed: 2)
        let jobs = [TrainingJob(product: "A", series: .sales, start: a.start, values: a.sales),
                    TrainingJob(product: "short", series: .sales, start: a.start, values: [1, 2]),
                    TrainingJob(product: "B", series: .returns, start: b.start, values: b.returns)]
        let results = try await ParallelTraining.run(jobs, configuration: tinyConfiguration(), concurrency: 2)
        #expect(try results[0].get().model.metadata.product == "A")
        #expect(throws: ForecastingError.self) { try results[1].get() }
        let alone = try InitialTraining.train(jobs[2], configuration: tinyConfiguration())
        #expect(try results[2].get().model.tensors == alone.model.tensors)
    }
}
