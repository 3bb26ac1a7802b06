import Foundation
import Ingest
import StockcastCore
import Testing

@testable import Daemon

/// The ingest settings of issue 12 (items 4 and 5) reach every file the daemon reads, and bad
/// values are refused.
@Suite struct IngestSettingsTests {
    @Test func theCeilingAndTheDecimalSeparatorReachTheIngestOptions() {
        var settings = DaemonSettings()
        let today = Day(iso: "2025-06-15") ?? Day(daysSince1970: 20254)
        #expect(settings.maxQuantity == 1e9 && settings.ingestOptions(today: today).maxQuantity == 1e9)
        #expect(settings.ingestOptions(today: today).decimalSeparator == nil)
        let old = settings
        settings.maxQuantity = 5e5
        settings.ingest.decimalSeparator = .comma
        #expect(settings.ingestOptions(today: today).maxQuantity == 5e5)
        #expect(settings.ingestOptions(today: today).decimalSeparator == .comma)
        #expect(DaemonSettings.Key.changed(from: old, to: settings) == [.ingest, .maxQuantity])
        #expect(settings.problem == nil)
    }

    @Test(arguments: [0, 0.5, -1, 2e15, .infinity, .nan])
    func aCeilingOutsideOneToTenToTheFifteenIsRefused(_ value: Double) {
        var settings = DaemonSettings()
        settings.maxQuantity = value
        #expect(settings.problem == "maxQuantity \(value) (1 to 1e15 units: beyond, whole units are not exact in a double)")
    }

    @Test(arguments: [(".", DecimalSeparator.point), ("point", .point), (",", .comma), (" Comma ", .comma)])
    func theDecimalSeparatorIsConfiguredByItsCharacterOrName(_ text: String, _ separator: DecimalSeparator) {
        #expect(DecimalSeparator(configured: text) == separator)
        #expect(DecimalSeparator(configured: ";") == nil && DecimalSeparator(configured: "de_DE") == nil)
    }

    @Test func aFileAboveTheConfiguredCeilingIsRejectedByThePipeline() async throws {
        var (settings, dir) = try testSettings()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        settings.maxQuantity = 100
        let pipeline = try Pipeline(settings: settings, logger: quietLogger)
        try write("Date,Product_ID,Sales\n2024-01-05,P1,100\n2024-01-06,P1,101\n", to: settings.inbox + "/big.csv")
        let outcome = try #require(await pipeline.process("big.csv").outcome)
        #expect(outcome.status == .rejected)
        #expect(
            outcome.error?.hasPrefix("big.csv line 3, column Sales: 101 is more than 100 units, the most one row may carry") == true,
            "\(outcome.error ?? "")")
    }
}
