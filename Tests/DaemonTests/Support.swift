import Foundation
import Logging
import StockcastCore
import StockcastTesting

@testable import Daemon

/// Settings for a pipeline in a fresh temporary directory, with a model small enough to train
/// in a moment: 7-day windows, 17 days of history before an LSTM.
func testSettings() throws -> (DaemonSettings, String) {
    let dir = Scratch.path("daemon")
    var s = DaemonSettings()
    s.inbox = dir + "/inbox"
    s.outbox = dir + "/outbox"
    s.models = dir + "/models"
    s.settleSeconds = 0.2
    s.model = .tiny(
        sequenceLength: 7, lstmUnits: [8, 4], denseUnits: 4, outputDays: 7, salesLevelDays: 14, returnsLevelDays: 7,
        minimumExtraDays: 10, epochs: 3)
    s.fineTuning.epochs = 2
    s.fineTuning.recentDays = 10
    s.fineTuning.replayWindows = 8
    s.fineTuning.validationDays = 3
    return (s, dir)
}

let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// Seed-format CSV of `days` days for products `P1`, `P2` from 2024-01-01.
func seedCSV(days: Int, from first: Int = 0, products: [String] = ["P1", "P2"]) -> String {
    SeedCSV.text(days: days, from: first, products: products) { d, i in (50 + 10 * i + (d % 7) * 3, d % 3 + i) }
}

func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}
