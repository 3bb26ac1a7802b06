import Forecasting
import Foundation
import StockcastCore
import StockcastTesting
import Store
import Testing

@testable import Daemon

/// The forecasting stage on its own: a history in, both series forecast and stored.
@Suite struct ForecastStageTests {
    @Test func eachSeriesIsForecastFromTheDayAfterItsHistoryAndStoredWithItsMethod() async throws {
        let (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.createDirectories(settings.models)
        let database = try StockcastDatabase(path: settings.databasePath)
        let stage = ForecastStage(modelFiles: ModelFiles(root: settings.models), database: database)
        let h = ProductHistory(
            product: "P", start: Day(iso: "2024-01-01")!, sales: (0..<20).map { Double(10 + $0 % 7) },
            returns: (0..<20).map { Double($0 % 2) })
        var problems: [String] = []
        let forecasts = try await stage.run([h], settings: settings, problems: &problems)
        let f = try #require(forecasts["P"])
        #expect(f.start == Day(iso: "2024-01-21")! && f.sales.values.count == settings.forecastDays)
        #expect(f.sales.method == .seasonalMean, "20 days and no model: the seasonal mean serves")
        #expect(problems.isEmpty)
        let stored = try #require(try stage.stored("P", problems: &problems))
        #expect(stored.start == f.start && stored.sales.values == f.sales.values && stored.sales.method == f.sales.method)
        #expect(stored.returns.sd == f.returns.sd)
    }

    /// A longer history is served by the method chosen on its validation origins, with
    /// calibrated intervals and a recipe, stored and read back with them.
    @Test func calibratedIntervalsAndTheRecipeAreStoredWithTheForecast() async throws {
        let (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.createDirectories(settings.models)
        let stage = ForecastStage(modelFiles: ModelFiles(root: settings.models), database: try StockcastDatabase(path: settings.databasePath))
        let h = ProductHistory(
            product: "P", start: Day(iso: "2024-01-01")!, sales: (0..<100).map { Double(10 + $0 * 7 % 11) },
            returns: (0..<100).map { Double($0 * 5 % 3) })
        var problems: [String] = []
        let f = try #require(try await stage.run([h], settings: settings, problems: &problems)["P"])
        #expect(f.sales.bounds != nil && f.sales.method != .seasonalNaive)
        #expect(f.uncertainty[0].intervals?.count == 8 && f.uncertainty[0].intervals?[1] == f.sales.bounds?.upper80[0])
        let stored = try #require(try stage.stored("P", problems: &problems))
        // The typed recipe stays with the fresh forecast; the store keeps its JSON for the reports.
        func withoutRecipe(_ p: SeriesPrediction) -> SeriesPrediction {
            var p = p
            p.recipe = nil
            return p
        }
        #expect(withoutRecipe(stored.sales) == withoutRecipe(f.sales) && withoutRecipe(stored.returns) == withoutRecipe(f.returns))
        #expect(f.recipes.count == 2 && stored.recipes == f.recipes && f.recipes[.sales] == f.sales.recipe?.json)
    }

    @Test func anUnreadableModelIsReportedAndABaselineServes() async throws {
        let (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = ModelFiles(root: settings.models)
        try AtomicFile.createDirectories(files.directory(for: "P"))
        try AtomicFile.write(Array("not a model".utf8), to: files.path(product: "P", series: .sales))
        let stage = ForecastStage(modelFiles: files, database: try StockcastDatabase(path: settings.databasePath))
        var problems: [String] = []
        let models = SeriesKind.allCases.compactMap { stage.model("P", $0, problems: &problems) }
        #expect(models.isEmpty)
        #expect(problems.count == 1 && problems[0].contains("forecasting P sales with a baseline"), "\(problems)")
    }
}
