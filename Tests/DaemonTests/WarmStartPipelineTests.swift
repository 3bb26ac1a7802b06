import Forecasting
import Foundation
import GRDB
import Neural
import StockcastCore
import Store
import Testing

@testable import Daemon

/// The daemon's warm starts (issue 14): a pass training many series from scratch trains a base
/// per series kind first, stores it under `models/.base/`, and tunes every series from it.
@Suite struct WarmStartPipelineTests {
    private func settings(minimumSeries: Int) throws -> (DaemonSettings, String) {
        var (s, dir) = try testSettings()
        s.warmStart.minimumSeries = minimumSeries
        s.warmStart.baseEpochs = 2
        s.warmStart.tuningEpochs = 1
        return (s, dir)
    }

    private let products = ["P1", "P2", "P3"]

    /// A pipeline that has taken and published the three products' first 40 days.
    private func trained(_ settings: DaemonSettings) async throws -> Pipeline {
        let pipeline = try Pipeline(settings: settings, logger: quietLogger)
        try await take(seedCSV(days: 40, products: products), as: "h.csv", into: pipeline, settings: settings)
        return pipeline
    }

    /// Drops `csv` into the inbox as `name`, takes it and publishes.
    private func take(_ csv: String, as name: String, into pipeline: Pipeline, settings: DaemonSettings) async throws {
        try write(csv, to: settings.inbox + "/" + name)
        _ = await pipeline.process(name)
        try await pipeline.publish()
    }

    /// Forgets the current models of `series` of `products` and marks them pending: the state a run
    /// killed before training them leaves.
    private func forget(_ products: [String], _ series: SeriesKind, settings: DaemonSettings) async throws {
        let files = ModelFiles(root: settings.models)
        let queue = try DatabaseQueue(path: settings.databasePath)
        for p in products {
            try FileManager.default.removeItem(atPath: files.path(product: p, series: series))
            try await queue.write { try $0.execute(sql: "DELETE FROM model WHERE product = ? AND series = ?", arguments: [p, series.rawValue]) }
        }
        try queue.close()
        try StockcastDatabase(path: settings.databasePath).markPending(products.map { ($0, series) })
    }

    @Test func aLargePassTrainsStoresAndTunesFromABasePerKind() async throws {
        let (settings, dir) = try settings(minimumSeries: 3)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pipeline = try await trained(settings)
        let files = ModelFiles(root: settings.models)
        for kind in SeriesKind.allCases {
            let base = try #require(try files.readBase(series: kind))
            #expect(base.seriesCount == 3 && base.epochs == 2 && base.trainedThrough == Day(iso: "2024-02-09")!)
            for p in products {
                let model = try #require(try files.read(product: p, series: kind))
                #expect(model.metadata.baseModel == base.digest, "\(p) \(kind)")
                #expect(model.metadata.epochs == 1)
                let decision = try StockcastDatabase(path: settings.databasePath).seriesStates(product: p)[kind]?.decision ?? ""
                #expect(decision.hasPrefix("initial training: v1 tuned from base model \(base.digest) for 1 epoch, "), "\(decision)")
            }
        }

        // A run killed before training P1's sales resumes from the stored base (one series is
        // fewer than the minimum, so no new base): the same model as the uninterrupted run's.
        let before = try #require(try files.read(product: "P1", series: .sales))
        let storedBase = try Data(contentsOf: URL(fileURLWithPath: files.directory.basePath(series: .sales)))
        try await forget(["P1"], .sales, settings: settings)
        try await pipeline.publish()
        #expect(try files.read(product: "P1", series: .sales)?.tensors == before.tensors)
        #expect(try Data(contentsOf: URL(fileURLWithPath: files.directory.basePath(series: .sales))) == storedBase)

        // A damaged base is reported and trained again (from the same series: the same base).
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: files.directory.basePath(series: .sales)))
        try await forget(products, .sales, settings: settings)
        try await pipeline.publish()
        let error = await pipeline.status.lastError?.message ?? ""
        #expect(error.contains(".base/sales.safetensors") && error.contains("the sales base is not used"), "\(error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: files.directory.basePath(series: .sales))) == storedBase)
        #expect(try files.read(product: "P1", series: .sales)?.tensors == before.tensors)
    }

    @Test func aSmallPassWithoutAStoredBaseTrainsFromRandomWeights() async throws {
        let (settings, dir) = try settings(minimumSeries: 4)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try await trained(settings)
        let files = ModelFiles(root: settings.models)
        #expect(!FileManager.default.fileExists(atPath: settings.models + "/.base"))
        for p in products {
            let model = try #require(try files.read(product: p, series: .sales))
            #expect(model.metadata.baseModel == nil && model.metadata.epochs == settings.model.training.epochs)
        }
    }

    @Test func aBaseOfOtherSettingsIsTrainedAgainByTheNextRunWithANewSeries() async throws {
        var (settings, dir) = try settings(minimumSeries: 3)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var pipeline = try await trained(settings)
        let files = ModelFiles(root: settings.models)
        let first = try #require(try files.readBase(series: .returns))

        // Other base settings: the next day's file for the three products, one of them without
        // its returns model (one new series, fewer than the minimum, but the file's three pool).
        settings.warmStart.baseEpochs = 3
        pipeline = try Pipeline(settings: settings, logger: quietLogger)
        try await forget(["P2"], .returns, settings: settings)
        try await take(seedCSV(days: 1, from: 40, products: products), as: "d.csv", into: pipeline, settings: settings)
        let second = try #require(try files.readBase(series: .returns))
        #expect(second.epochs == 3 && second.digest != first.digest && second.seriesCount == 3)
        #expect(try files.read(product: "P2", series: .returns)?.metadata.baseModel == second.digest)
        #expect(try files.read(product: "P1", series: .returns)?.metadata.baseModel == first.digest, "P1 keeps its model")
    }

    @Test func aRetrainOutsideTheTrainedRangeStartsFromTheStoredBase() async throws {
        let (settings, dir) = try settings(minimumSeries: 3)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pipeline = try await trained(settings)
        let files = ModelFiles(root: settings.models)
        let base = try #require(try files.readBase(series: .sales))

        try await take("Date,Product_ID,Sales,Returns\n2024-02-10,P1,5000,1\n", as: "spike.csv", into: pipeline, settings: settings)
        let decision = try StockcastDatabase(path: settings.databasePath).seriesStates(product: "P1")[.sales]?.decision ?? ""
        #expect(decision.hasPrefix("full retrain: 5000 is outside the trained range"), "\(decision)")
        #expect(decision.contains("v2 tuned from base model \(base.digest) for 1 epoch"), "\(decision)")
        #expect(try files.read(product: "P1", series: .sales)?.metadata.baseModel == base.digest)
    }

    @Test func aBaseFileOfTheWrongKindOrWithNonFiniteWeightsIsReportedAndReplaced() async throws {
        let (settings, dir) = try settings(minimumSeries: 3)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pipeline = try await trained(settings)
        let files = ModelFiles(root: settings.models)
        let salesPath = files.directory.basePath(series: .sales), returnsPath = files.directory.basePath(series: .returns)
        let sales = try Data(contentsOf: URL(fileURLWithPath: salesPath))
        let returns = try Data(contentsOf: URL(fileURLWithPath: returnsPath))

        // The returns base under the sales name.
        try returns.write(to: URL(fileURLWithPath: salesPath))
        let wrongKind = #expect(throws: ModelFileError.self) { try files.readBase(series: .sales) }
        #expect(wrongKind?.description == "\(salesPath): holds the returns base, not the sales one")
        // A weight that is not a finite number.
        var file = try Safetensors.decode([UInt8](returns), source: returnsPath)
        let name = file.tensors.keys.sorted()[0]
        var tensor = file.tensors[name]!
        tensor.scalars[0] = .nan
        file.tensors[name] = tensor
        try Data(Safetensors.encode(file)).write(to: URL(fileURLWithPath: returnsPath))
        let nonFinite = #expect(throws: ModelFileError.self) { try files.readBase(series: .returns) }
        #expect(nonFinite?.description.contains("holds values that are not finite numbers") == true)

        // Both are reported when series train from scratch, and trained again from the same series.
        try await forget(products, .sales, settings: settings)
        try await forget(products, .returns, settings: settings)
        try await pipeline.publish()
        let error = await pipeline.status.lastError?.message ?? ""
        #expect(error.contains("not finite numbers; the returns base is not used (delete it, or it is trained again when a run has 3"), "\(error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: salesPath)) == sales)
        #expect(try Data(contentsOf: URL(fileURLWithPath: returnsPath)) == returns)
    }

    /// The forecasts maintenance makes with the models in hand are those the forecast stage
    /// makes from the files (a series with an LSTM and one too short for it alike).
    @Test func theForecastsMadeDuringMaintenanceMatchThoseFromTheFiles() async throws {
        let (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pipeline = try Pipeline(settings: settings, logger: quietLogger)
        let shortRows = seedCSV(days: 20, products: ["S"]).split(separator: "\n").dropFirst()
        try await take(seedCSV(days: 40, products: ["P1"]) + shortRows.joined(separator: "\n") + "\n", as: "h.csv", into: pipeline, settings: settings)
        let database = try StockcastDatabase(path: settings.databasePath)
        let stage = ForecastStage(modelFiles: ModelFiles(root: settings.models), database: database)
        var problems: [String] = []
        let made = try #require(try stage.stored("P1", problems: &problems)), short = try #require(try stage.stored("S", problems: &problems))
        let histories = try database.histories(["P1", "S"]).map { $0.fillingGaps() }
        let fresh = try await stage.run(histories, settings: settings, problems: &problems)
        #expect(problems.isEmpty, "\(problems)")
        for (stored, product) in [(made, "P1"), (short, "S")] {
            let f = try #require(fresh[product])
            #expect(f.start == stored.start)
            for kind in SeriesKind.allCases {
                #expect(f[kind].values == stored[kind].values && f[kind].sd == stored[kind].sd, "\(product) \(kind)")
                #expect(f[kind].method == stored[kind].method && f[kind].bounds == stored[kind].bounds, "\(product) \(kind)")
            }
        }
        #expect(made.models[.sales] != nil && short.models.isEmpty)
    }

    @Test func aBaseRefreshDaysBehindIsTrainedAgainWhenNewSeriesArrive() async throws {
        var (settings, dir) = try settings(minimumSeries: 3)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        settings.warmStart.refreshDays = 5
        let pipeline = try await trained(settings)
        let files = ModelFiles(root: settings.models)
        let first = try #require(try files.readBase(series: .sales))

        // Ten more days of the three products: no series to train from scratch, the base stays.
        try await take(seedCSV(days: 10, from: 40, products: products), as: "d.csv", into: pipeline, settings: settings)
        #expect(try files.readBase(series: .sales)?.digest == first.digest)

        // The next day's file brings a new product: the base, 11 days behind, is trained again on
        // the file's four series.
        let newProduct = seedCSV(days: 51, products: ["P4"]).split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
        try await take(seedCSV(days: 1, from: 50, products: products) + newProduct.joined(separator: "\n"), as: "new.csv", into: pipeline, settings: settings)
        let second = try #require(try files.readBase(series: .sales))
        #expect(second.seriesCount == 4 && second.trainedThrough == first.trainedThrough.advanced(by: 11))
        #expect(try files.read(product: "P4", series: .sales)?.metadata.baseModel == second.digest)
    }

    @Test func aFullRetrainTrainsTheBaseAgain() async throws {
        let (settings, dir) = try settings(minimumSeries: 3)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let pipeline = try await trained(settings)
        try await take(seedCSV(days: 10, from: 40, products: products), as: "d.csv", into: pipeline, settings: settings)
        let files = ModelFiles(root: settings.models)
        let first = try #require(try files.readBase(series: .sales))

        try StockcastDatabase(path: settings.databasePath).markPending(products.map { ($0, .sales) })
        try await pipeline.publish(forceFull: true)
        let second = try #require(try files.readBase(series: .sales))
        #expect(second.trainedThrough == first.trainedThrough.advanced(by: 10) && second.digest != first.digest)
        #expect(try files.read(product: "P3", series: .sales)?.metadata.baseModel == second.digest)
    }
}
