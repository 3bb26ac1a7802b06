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
        #expect(error?.description == "Q returns: 3 days of history, at least 40 needed to train a model")
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

    @Test(arguments: [
        ("architecture", "LSTM(4, return_sequences=True), Dropout(1.5), Dense(1)", "Dropout"),
        ("architecture", "LSTM(100000000), Dense(1)", "100000000 units"),
        ("architecture", "Conv2D(3)", "architecture"),
        ("architecture", "LSTM(6, return_sequences=True), LSTM(4, return_sequences=True), Dense(3), Dense(1)", "one value per window"),
        ("architecture", "LSTM(6, return_sequences=True), LSTM(4), Dense(3), Dense(2)", "one value per window"),
        ("features", #"[{"name":"sales"},{"name":"weekday"}]"#, "2 features"),
        ("sequence_length", "0", "sequence_length"),
        ("format_version", "7", "format_version 7"),
        ("scaler_min", "[1e999]", "scaler_min"),
        ("scaler_min", "[500.0]", "min ≤ max"),
        ("parent_version", "seven", "parent_version"),
        ("trained_through", "1999-01-01", "before first_day"),
    ])
    func aModelFileWithImpossibleMetadataIsRejectedNamingTheProblem(_ key: String, _ value: String, _ expected: String) throws {
        let h = history(days: 40)
        let model = try InitialTraining.train(TrainingJob(product: "P", series: .sales, start: h.start, values: h.sales),
                                              configuration: tinyConfiguration(epochs: 1)).model
        var file = model.file
        file.metadata[key] = value
        let error = #expect(throws: ModelFileError.self) { try SeriesModel(file: file, source: "m.safetensors") }
        #expect(error?.description.hasPrefix("m.safetensors: ") == true)
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
    }

    @Test func aModelFileWithNonFiniteWeightsIsRejected() throws {
        let h = history(days: 40)
        let model = try InitialTraining.train(TrainingJob(product: "P", series: .sales, start: h.start, values: h.sales),
                                              configuration: tinyConfiguration(epochs: 1)).model
        var file = model.file
        file.tensors["dense_2.bias"] = Tensor(shape: [1], scalars: [.nan])
        let error = #expect(throws: ModelFileError.self) { try SeriesModel(file: file, source: "m.safetensors") }
        #expect(error?.description == "m.safetensors: tensor dense_2.bias holds values that are not finite numbers")
    }

    /// What the metadata promises another framework: scale the last `sequence_length` days with
    /// `scaler_min/max`, feed them oldest first, turn the output back into units. Done here from
    /// the file's metadata and tensors alone, it reproduces the validation MAE the file reports.
    @Test func aForecastCanBeRebuiltFromTheFileAlone() throws {
        let h = history(days: 80)
        let trained = try InitialTraining.train(TrainingJob(product: "P", series: .returns, start: h.start, values: h.returns),
                                                configuration: tinyConfiguration(epochs: 2)).model
        let bytes = Safetensors.encode(trained.file)
        let file = try Safetensors.decode(bytes, source: "file")
        let m = file.metadata
        let length = Int(m["sequence_length"]!)!
        let lo = Double(m["scaler_min"]!.dropFirst().dropLast())!, hi = Double(m["scaler_max"]!.dropFirst().dropLast())!
        let first = Day(iso: m["first_day"]!)!, last = Day(iso: m["trained_through"]!)!
        let series = h.returns[first.distance(to: h.start)...(first.distance(to: last))]
        #expect(series.count == h.returns.count)
        let net = try Network(inputFeatures: 1, architecture: ModelMetadata.parseKerasDescription(m["architecture"]!)!,
                              tensors: file.tensors, source: "file")
        // The validation windows are the last 20 % of all windows.
        let windows = series.count - length
        let firstValidation = Int(Double(windows) * 0.8)
        var inputs: [Float] = [], actual: [Double] = []
        for i in firstValidation..<windows {
            inputs += series[i..<(i + length)].map { Float(($0 - lo) / (hi - lo)) }
            actual.append(series[i + length])
        }
        let predictions = net.predict(SequenceDataset(steps: length, features: 1, inputs: inputs,
                                                      targets: [Float](repeating: 0, count: actual.count)))
        let mae = zip(predictions, actual).reduce(0.0) { $0 + abs(Double($1.0) * (hi - lo) + lo - $1.1) } / Double(actual.count)
        #expect(abs(mae - Double(m["validation_mae_units"]!)!) < 1e-4 * max(1, mae))
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
