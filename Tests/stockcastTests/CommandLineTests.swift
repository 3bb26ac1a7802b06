import Forecasting
import Foundation
import Neural
import StockcastCore
import StockcastTesting
import Testing

/// The `stockcast` binary as a user runs it: output, files written and exit status.
@Suite struct CommandLineTests {
    /// The `stockcast` built next to this test bundle.
    static let binary: URL = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return here.appendingPathComponent("stockcast")
    }()

    /// Runs the binary in `directory` with this process's environment plus `environment`.
    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> Subprocess {
        try Subprocess.run(binary, arguments, in: directory, environment: environment)
    }

    static func temporaryDirectory() throws -> String {
        try Scratch.directory("cli")
    }

    @Test func generateWritesTheSameBytesForTheSameSeed() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(try Self.run(["generate"], in: dir).status == 0)
        let first = try Data(contentsOf: URL(fileURLWithPath: dir + "/inbox/synthetic-seed42.csv"))
        let again = try Self.run(["generate", "--out", "-"], in: dir)
        #expect(again.status == 0)
        #expect(Data(again.output.utf8) == first)
        let other = try Self.run(["generate", "--seed", "7", "--out", "-"], in: dir)
        #expect(Data(other.output.utf8) != first)
        let lines = String(decoding: first, as: UTF8.self).split(separator: "\n")
        #expect(lines.first == "Date,Product_ID,Sales,Returns")
        #expect(lines.count == 1 + 5 * 730)
        #expect(lines[1].hasPrefix("2023-01-01,P001,") && lines.last!.hasPrefix("2024-12-30,P005,"))
    }

    @Test(arguments: [
        ["generate", "--days", "0"], ["generate", "--start", "2023-02-30"], ["train", "--models", ""],
        ["train", "--concurrency", "0"], ["frobnicate"],
    ])
    func badUsageExitsWith64(_ arguments: [String]) throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try Self.run(arguments, in: dir)
        #expect(run.status == 64, "\(arguments): \(run.errors)")
        #expect(!run.errors.isEmpty)
    }

    /// Settings that cannot run are refused before anything starts, naming the key.
    @Test(arguments: [
        (#"{"dateFormat": "%%%"}"#, "dateFormat"), (#"{"rescanSeconds": 1e300}"#, "rescanSeconds"),
        (#"{"policy": "magic"}"#, "policy magic"), (#"{"forecastDays": 100000}"#, "forecastDays"),
        (#"{"alerts": {"returnRate": -1}}"#, "alerts.returnRate"), (#"{"training": {"batchSize": 0}}"#, "batch size"),
        (#"{"concurrency": 100000}"#, "concurrency"), (#"{"serviceLevel": 2}"#, "serviceLevel"),
    ])
    func invalidSettingsAreRefusedAtStartWithTheKey(_ config: String, _ key: String) throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try config.write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        let run = try Self.run(["run", "--once", "--config", "bad.json"], in: dir)
        #expect(run.status == 64, "\(config): \(run.errors)")
        #expect(run.errors.contains("invalid settings") && run.errors.contains(key), "\(config): \(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/models/stockcast.sqlite"), "nothing started")
    }

    @Test func trainWithoutHistoryOrWithABadFileFailsSayingWhy() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let none = try Self.run(["train"], in: dir)
        #expect(none.status == 1 && none.errors.contains("pass --csv FILE"))
        try "Date,Product_ID,Sales,Returns\n2024-01-01,A,1,-2\n".write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
        let bad = try Self.run(["train", "--csv", "bad.csv"], in: dir)
        #expect(bad.status == 1)
        #expect(bad.errors.contains("bad.csv line 2, column Returns: -2 is negative"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/models"), "nothing written")
    }

    @Test func trainWritesBothModelsOfEveryProductAndPrintsTheResultsTable() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // 157 days: 143 is the least that trains an LSTM (an 84-day level, 30 windows with 30
        // target days each), 14 more for the backtest's origin.
        var csv = "Date,Product_ID,Sales,Returns\n"
        for d in 0..<157 {
            let day = Day(iso: "2024-03-01")!.advanced(by: d)
            csv += "\(day),P1,\(100 + d % 7 * 5),\(d % 3)\n\(day),../x,\(20 + d % 5),1\n"
        }
        try csv.write(toFile: dir + "/h.csv", atomically: true, encoding: .utf8)
        let run = try Self.run(["train", "--csv", "h.csv"], in: dir)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("Product") && run.output.contains("Sales MAE (units)"))
        #expect(run.output.contains("\nP1 ") && run.output.contains("\n../x "))
        #expect(run.output.contains("Total time:"))
        #expect(run.errors.contains("[4/4]"), "progress per model")
        for product in ["P1", "%2E.%2Fx"] {
            for series in ["sales", "returns"] {
                #expect(FileManager.default.fileExists(atPath: dir + "/csv-models/\(product)/\(series).safetensors"))
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["csv-models", "h.csv"], "the daemon's models/ untouched")
        for spelling in ["models", "./models/", dir + "/models"] {
            let refused = try Self.run(["train", "--csv", "h.csv", "--out", spelling], in: dir)
            #expect(refused.status == 64 && refused.errors.contains("is the daemon's models directory"), "\(spelling): \(refused.errors)")
        }

        // The same CSV backtested from one origin: every method scored, the served one named.
        let backtest = try Self.run(["backtest", "--csv", "h.csv", "--origins", "1", "--horizon", "14", "--product", "P1"], in: dir)
        #expect(backtest.status == 0, "\(backtest.errors)")
        let lines = backtest.output.split(separator: "\n")
        #expect(lines.first?.hasPrefix("product") == true && lines.first?.contains("cov95") == true)
        for method in ["lstm", "holt_winters", "seasonal_naive", "served ("] {
            #expect(lines.contains { $0.hasPrefix("P1 ") && $0.contains(method) }, "\(method)")
        }
        #expect(lines.contains { $0.hasPrefix("mean of 1") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["csv-models", "h.csv"], "a backtest writes nothing")
    }

    /// With as many series of a kind as `warmStart.minimumSeries`, `train --csv` trains a base of
    /// each kind, stores it beside the models, and tunes every series from it, as the daemon would.
    @Test func trainFromACSVWarmStartsFromABaseWhenItHasEnoughSeries() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try SeedCSV.text(days: 60, products: ["A", "B"]) { d, i in (40 + 9 * i + d % 7 * 4, d % 3) }
            .write(toFile: dir + "/h.csv", atomically: true, encoding: .utf8)
        try """
        {"training": {"sequenceLength": 7, "outputDays": 7, "salesLevelDays": 14, "returnsLevelDays": 7, "epochs": 3, "minimumExtraDays": 10},
         "warmStart": {"minimumSeries": 2, "baseEpochs": 2, "tuningEpochs": 1}}
        """.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        let run = try Self.run(["train", "--csv", "h.csv"], in: dir)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.contains("training the base models of sales and returns (warm start)"), "\(run.errors)")
        func file(_ path: String) throws -> SafetensorsFile {
            try Safetensors.decode([UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/csv-models/" + path))), source: path)
        }
        for kind in SeriesKind.allCases {
            let base = try BaseModel(file: file(".base/\(kind.rawValue).safetensors"), source: kind.rawValue)
            #expect(base.series == kind && base.seriesCount == 2 && base.epochs == 2)
            for product in ["A", "B"] {
                let model = try SeriesModel(file: file("\(product)/\(kind.rawValue).safetensors"), source: product)
                #expect(model.metadata.baseModel == base.digest && model.metadata.epochs == 1, "\(product) \(kind)")
            }
        }
    }
}
