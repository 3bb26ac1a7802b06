import Foundation
import Neural
import StockcastCore
import StockcastTesting
import Testing

@testable import Forecasting

@Suite struct WarmStartTests {
    private func jobs(_ count: Int, days: Int = 90) -> [TrainingJob] {
        (0..<count).flatMap { i in
            TrainingJob.jobs(for: [history("P\(i)", days: days, seed: UInt64(i + 1))])
        }
    }

    private var warm: WarmStartConfiguration {
        var w = WarmStartConfiguration()
        w.baseEpochs = 2
        w.tuningEpochs = 1
        return w
    }

    @Test func aBasePoolsTheSeriesOfItsKindWithinTheWindowBudgetAndIsReproducible() throws {
        let configuration = ModelConfiguration.tiny()
        var w = warm
        w.windowBudget = 30
        let all = jobs(4)
        let base = try #require(try BaseModel.train(all, series: .returns, configuration: configuration, warmStart: w))
        let again = try #require(try BaseModel.train(all, series: .returns, configuration: configuration, warmStart: w))
        #expect(base.tensors == again.tensors && base.digest == again.digest)
        #expect(base.series == .returns && base.seriesCount == 4 && base.epochs == 2)
        // 30 windows over 4 series: 7 from each.
        #expect(base.windows == 28)
        #expect(base.trainedThrough == all[0].start.advanced(by: 89))
        #expect(base.digest.count == 16)
        #expect(base.fits(configuration: configuration, warmStart: w))
        var other = configuration
        other.seed = 7
        #expect(!base.fits(configuration: other, warmStart: w))
        // Settings the base does not depend on leave it usable.
        other = configuration
        other.training.epochs = 9
        other.validationOrigins = 3
        var tuning = w
        tuning.tuningEpochs = 5
        tuning.minimumSeries = 7
        #expect(base.fits(configuration: other, warmStart: tuning))
        w.baseEpochs = 3
        #expect(!base.fits(configuration: configuration, warmStart: w))
        // More series than the budget: one window from each of an evenly spaced selection.
        w.windowBudget = 3
        let few = try #require(try BaseModel.train(all, series: .returns, configuration: configuration, warmStart: w))
        #expect(few.seriesCount == 3 && few.windows == 3)
        // No jobs of the kind, or too short to train anything: no base.
        #expect(try BaseModel.train(all.filter { $0.series == .sales }, series: .returns, configuration: configuration, warmStart: w) == nil)
        #expect(try BaseModel.train(jobs(2, days: 30), series: .sales, configuration: configuration, warmStart: warm) == nil)
    }

    @Test func aSeriesTunedFromTheBaseRecordsItsDigestAndTrainsOnlyTheTuningEpochs() throws {
        let configuration = ModelConfiguration.tiny(epochs: 6)
        let all = jobs(3)
        let base = try #require(try BaseModel.train(all, series: .sales, configuration: configuration, warmStart: warm))
        let start = WarmStart(base: base, tuningEpochs: 1)
        let tuned = try InitialTraining.train(all[0], configuration: configuration, warmStart: start)
        #expect(tuned.report.epochsRun == 1)
        #expect(tuned.model.metadata.baseModel == base.digest)
        #expect(tuned.model.metadata.encoded["base_model"] == base.digest)
        #expect(try SeriesModel(file: tuned.model.file, source: "m").metadata.baseModel == base.digest)
        // The same job and base give the same model, another than from random weights.
        #expect(try InitialTraining.train(all[0], configuration: configuration, warmStart: start).model.tensors == tuned.model.tensors)
        #expect(try InitialTraining.train(all[0], configuration: configuration).model.tensors != tuned.model.tensors)
        // A base of the other kind is not used: the returns series trains from random weights, all its epochs.
        let returns = try InitialTraining.train(all[1], configuration: configuration, warmStart: start)
        #expect(returns.model.metadata.baseModel == nil && returns.model.metadata.encoded["base_model"] == "none")
        #expect(returns.report.epochsRun > 1)
    }

    @Test func aBaseOfAnotherArchitectureIsNotUsed() throws {
        let all = jobs(2)
        let base = try #require(try BaseModel.train(all, series: .sales, configuration: ModelConfiguration.tiny(), warmStart: warm))
        let wider = ModelConfiguration.tiny(lstmUnits: [8, 4], epochs: 3)
        let trained = try InitialTraining.train(all[0], configuration: wider, warmStart: WarmStart(base: base, tuningEpochs: 1))
        #expect(trained.model.metadata.baseModel == nil)
        #expect(trained.report.epochsRun == 3)
    }

    @Test func aBaseFileRoundTripsAndIsCheckedAgainstTheArchitecture() throws {
        let configuration = ModelConfiguration.tiny()
        let base = try #require(try BaseModel.train(jobs(2), series: .sales, configuration: configuration, warmStart: warm))
        let bytes = Safetensors.encode(base.file)
        let read = try BaseModel(file: Safetensors.decode(bytes, source: "b"), source: "b")
        try read.check(architecture: configuration.architecture, source: "b")
        #expect(base.file.metadata["digest"] == base.digest)
        #expect(read.tensors == base.tensors && read.digest == base.digest && read.fingerprint == base.fingerprint)
        #expect(read.trainedThrough == base.trainedThrough && read.seriesCount == 2 && read.windows == base.windows)
        let wrong = #expect(throws: ModelFileError.self) {
            try read.check(architecture: ModelConfiguration.tiny(lstmUnits: [8, 4]).architecture, source: "b")
        }
        #expect(wrong?.description.hasPrefix("b: ") == true)
        var file = base.file
        file.metadata["format"] = "stockcast-lstm"
        #expect(throws: ModelFileError.self) { try BaseModel(file: file, source: "b") }
    }

    @Test func settingsOutsideTheirRangesAreProblemsAndManyWindowsTrainFewerEpochs() {
        #expect(WarmStartConfiguration().problem == nil)
        for change in [
            { (w: inout WarmStartConfiguration) in w.minimumSeries = -1 }, { $0.baseEpochs = 0 }, { $0.tuningEpochs = 0 },
            { $0.windowBudget = 0 }, { $0.basePasses = 0 }, { $0.refreshDays = 0 },
        ] {
            var w = WarmStartConfiguration()
            change(&w)
            #expect(w.problem?.hasPrefix("warm start needs") == true)
        }
        let w = WarmStartConfiguration()
        // 120,000 passes: 20 epochs up to 6,000 windows, 5 over the 24,000 of a large catalogue, never fewer than 2.
        #expect(w.epochs(windows: 600) == 20 && w.epochs(windows: 6_000) == 20 && w.epochs(windows: 24_000) == 5)
        #expect(w.epochs(windows: 10_000_000) == 2 && w.epochs(windows: 0) == 20)
    }
}
