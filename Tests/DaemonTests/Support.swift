import Foundation
import Logging
import StockcastCore
@testable import Daemon

/// Settings for a pipeline in a fresh temporary directory, with a model small enough to train
/// in a moment: 7-day windows, 17 days of history before an LSTM.
func testSettings() throws -> (DaemonSettings, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stockcast-daemon-\(UUID().uuidString)").path
    var s = DaemonSettings()
    s.inbox = dir + "/inbox"
    s.outbox = dir + "/outbox"
    s.models = dir + "/models"
    s.settleSeconds = 0.2
    s.model.sequenceLength = 7
    s.model.lstmUnits = [8, 4]
    s.model.denseUnits = 4
    s.model.training.epochs = 3
    s.model.minimumExtraDays = 10
    s.model.outputDays = 7
    s.model.salesLevelDays = 14
    s.model.returnsLevelDays = 7
    s.fineTuning.epochs = 2
    s.fineTuning.recentDays = 10
    s.fineTuning.replayWindows = 8
    s.fineTuning.validationDays = 3
    return (s, dir)
}

let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// Seed-format CSV of `days` days for products `P1`, `P2` from 2024-01-01.
func seedCSV(days: Int, from first: Int = 0, products: [String] = ["P1", "P2"]) -> String {
    var out = "Date,Product_ID,Sales,Returns\n"
    let start = 19723  // 2024-01-01
    for d in first..<(first + days) {
        let day = Day(daysSince1970: start + d)
        for (i, p) in products.enumerated() {
            out += "\(day),\(p),\(50 + 10 * i + (d % 7) * 3),\(d % 3 + i)\n"
        }
    }
    return out
}

func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}
