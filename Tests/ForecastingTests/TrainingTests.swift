import Foundation
import Neural
import StockcastCore
import StockcastTesting
import Testing

@testable import Forecasting

@Suite struct InitialTrainingTests {
    @Test func trainingIsReproducibleAndDescribesItselfInTheMetadata() throws {
        let h = history(days: 90)
        let job = TrainingJob(product: h.product, series: .sales, start: h.start, values: h.sales, parentVersion: 2)
        let first = try InitialTraining.train(job, configuration: ModelConfiguration.tiny())
        let second = try InitialTraining.train(job, configuration: ModelConfiguration.tiny())
        #expect(first.model.tensors == second.model.tensors)
        let m = first.model.metadata
        #expect(m.trainedThrough == h.end && m.firstDay == h.start)
        #expect(m.version == 3 && m.parentVersion == 2)
        #expect(m.scalerMin == [h.sales.min()!] && m.scalerMax == [h.sales.max()!])
        // Origins 14 ..< 84 (a 14-day level before, 7 target days after): 70 windows, 56 + 14.
        #expect(first.trainingWindows == 56 && first.validationWindows == 14)
        #expect(m.validationMAE == first.testMAE && first.testMAE > 0)
        #expect(m.levelDays == 14 && m.outputDays == 7 && m.features == SeriesEncoding.featureNames)
        #expect(m.errorSD.count == 7 && m.errorSD.allSatisfy { $0 > 0 && $0.isFinite })
        #expect(m.selection.contains("validation origins"))
    }

    @Test func tooShortAHistoryIsReportedNotTrained() {
        let job = TrainingJob(product: "Q", series: .returns, start: Day(iso: "2024-01-01")!, values: [1, 2, 3])
        let error = #expect(throws: ForecastingError.self) { try InitialTraining.train(job, configuration: ModelConfiguration.tiny()) }
        #expect(error?.description == "Q returns: 3 days of history, at least 50 needed to train a model")
    }

    @Test func metadataRoundTripsAndCarriesWhatAnotherFrameworkNeeds() throws {
        let h = history(days: 60)
        let outcome = try InitialTraining.train(
            TrainingJob(product: "a/b", series: .returns, start: h.start, values: h.returns),
            configuration: ModelConfiguration.tiny(epochs: 1))
        let encoded = outcome.model.metadata.encoded
        for key in [
            "features", "scaler_min", "scaler_max", "sequence_length", "trained_through", "version", "parent_version",
            "training_loss", "validation_loss", "architecture",
        ] {
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
        ("architecture", "LSTM(4, return_sequences=True), Dropout(1.5), Dense(7)", "Dropout"),
        ("architecture", "LSTM(100000000), Dense(7)", "100000000 units"),
        ("architecture", "Conv2D(3)", "architecture"),
        ("architecture", "LSTM(6, return_sequences=True), LSTM(4, return_sequences=True), Dense(3), Dense(7)", "one value per forecast day"),
        ("architecture", "LSTM(6, return_sequences=True), LSTM(4), Dense(3), Dense(2)", "error_sd"),
        ("features", #"[{"name":"sales"},{"name":"weekday"}]"#, "input features"),
        ("level_days", "3", "level_days"),
        ("served_by", "arima", "served_by"),
        ("error_sd", "[0.1, -1]", "error_sd"),
        ("sequence_length", "0", "sequence_length"),
        ("format_version", "7", "format_version 7"),
        ("scaler_min", "[1e999]", "scaler_min"),
        ("scaler_min", "[500.0]", "min ≤ max"),
        ("parent_version", "seven", "parent_version"),
        ("trained_through", "1999-01-01", "before first_day"),
    ])
    func aModelFileWithImpossibleMetadataIsRejectedNamingTheProblem(_ key: String, _ value: String, _ expected: String) throws {
        let h = history(days: 60)
        let model = try InitialTraining.train(
            TrainingJob(product: "P", series: .sales, start: h.start, values: h.sales),
            configuration: ModelConfiguration.tiny(epochs: 1)
        ).model
        var file = model.file
        file.metadata[key] = value
        let error = #expect(throws: ModelFileError.self) { try SeriesModel(file: file, source: "m.safetensors") }
        #expect(error?.description.hasPrefix("m.safetensors: ") == true)
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
    }

    @Test func aModelFileWithNonFiniteWeightsIsRejected() throws {
        let h = history(days: 60)
        let model = try InitialTraining.train(
            TrainingJob(product: "P", series: .sales, start: h.start, values: h.sales),
            configuration: ModelConfiguration.tiny(epochs: 1)
        ).model
        var file = model.file
        file.tensors["dense_2.bias"] = Tensor(shape: [7], scalars: [0, 0, 0, .nan, 0, 0, 0])
        let error = #expect(throws: ModelFileError.self) { try SeriesModel(file: file, source: "m.safetensors") }
        #expect(error?.description == "m.safetensors: tensor dense_2.bias holds values that are not finite numbers")
    }

    /// What the metadata promises another framework: the level of the last `level_days` days and
    /// the weekday profile of the last `weekday_days`; each of the last `sequence_length` days as
    /// (value − level·profile[weekday]) / level with its day of the year on a circle, oldest
    /// first; each output back as level·(profile[weekday] + output). Done here from the file's
    /// metadata and tensors alone, it reproduces the validation MAE the file reports.
    @Test func aForecastCanBeRebuiltFromTheFileAlone() throws {
        let h = history(days: 80)
        let trained = try InitialTraining.train(
            TrainingJob(product: "P", series: .returns, start: h.start, values: h.returns),
            configuration: ModelConfiguration.tiny(epochs: 2)
        ).model
        let file = try Safetensors.decode(Safetensors.encode(trained.file), source: "file")
        let m = file.metadata
        let length = Int(m["sequence_length"]!)!, levelDays = Int(m["level_days"]!)!, outputs = Int(m["output_days"]!)!
        let weekdayDays = Int(m["weekday_days"]!)!
        let first = Day(iso: m["first_day"]!)!, last = Day(iso: m["trained_through"]!)!
        let series = Array(h.returns[first.distance(to: h.start)...(first.distance(to: last))])
        #expect(series.count == h.returns.count)
        let net = try Network(
            inputFeatures: 3, architecture: ModelMetadata.parseKerasDescription(m["architecture"]!)!,
            tensors: file.tensors, source: "file")
        func weekday(_ d: Int) -> Int { first.advanced(by: d).weekday - 1 }
        // Origins (first forecast days) run from level_days to count − output_days; the last 20 % validate.
        let origins = Array(levelDays...(series.count - outputs))
        let validation = origins[Int(Double(origins.count) * 0.8)...]
        var inputs: [Float] = [], levels: [Double] = [], profiles: [[Double]] = []
        for origin in validation {
            let level = max(1, series[(origin - levelDays)..<origin].reduce(0, +) / Double(levelDays))
            var sums = [Double](repeating: 0, count: 7), counts = sums
            for d in max(0, origin - weekdayDays)..<origin {
                sums[weekday(d)] += series[d]
                counts[weekday(d)] += 1
            }
            let means = (0..<7).map { sums[$0] / counts[$0] }
            let overall = means.reduce(0, +) / 7
            let profile = means.map { $0 / overall }
            levels.append(level)
            profiles.append(profile)
            for d in (origin - length)..<origin {
                let y = 2 * Double.pi * Double(first.advanced(by: d).dayOfYear - 1) / 365.25
                inputs += [Float((series[d] - level * profile[weekday(d)]) / level), Float(sin(y)), Float(cos(y))]
            }
        }
        let out = net.predict(
            SequenceDataset(
                steps: length, features: 3, outputs: outputs, inputs: inputs,
                targets: [Float](repeating: 0, count: validation.count * outputs)))
        var sum = 0.0
        for (i, origin) in validation.enumerated() {
            for k in 0..<outputs {
                let units = max(0, levels[i] * (profiles[i][weekday(origin + k)] + Double(out[i * outputs + k])))
                sum += abs(units - series[origin + k])
            }
        }
        let mae = sum / Double(validation.count * outputs)
        #expect(abs(mae - Double(m["validation_mae_units"]!)!) < 1e-4 * max(1, mae))
    }

    @Test func parallelTrainingKeepsJobOrderIsolatesFailuresAndMatchesSequentialResults() async throws {
        let a = history("A", days: 70, seed: 1), b = history("B", days: 70, seed: 2)
        let jobs = [
            TrainingJob(product: "A", series: .sales, start: a.start, values: a.sales),
            TrainingJob(product: "short", series: .sales, start: a.start, values: [1, 2]),
            TrainingJob(product: "B", series: .returns, start: b.start, values: b.returns),
        ]
        let results = try await ParallelTraining.run(jobs, configuration: ModelConfiguration.tiny(), concurrency: 2)
        #expect(try results[0].get().model.metadata.product == "A")
        #expect(throws: ForecastingError.self) { try results[1].get() }
        let alone = try InitialTraining.train(jobs[2], configuration: ModelConfiguration.tiny())
        #expect(try results[2].get().model.tensors == alone.model.tensors)
    }
}
