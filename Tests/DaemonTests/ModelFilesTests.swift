import Forecasting
import Foundation
import Neural
import StockcastCore
import StockcastTesting
import Testing

@testable import Daemon

@Suite struct ModelFilesTests {
    static func temporaryRoot() -> String {
        Scratch.path("models")
    }

    static func model(_ product: String, version: Int) throws -> SeriesModel {
        let c = ModelConfiguration.tiny(
            sequenceLength: 8, lstmUnits: [4, 3], denseUnits: 2, outputDays: 5, salesLevelDays: 8,
            returnsLevelDays: 8, minimumExtraDays: 10, epochs: 1)
        let values = (0..<40).map { Double(10 + ($0 * 7) % 13) }
        let job = TrainingJob(
            product: product, series: .sales, start: Day(iso: "2024-05-01")!, values: values,
            parentVersion: version > 1 ? version - 1 : nil)
        return try InitialTraining.train(job, configuration: c).model
    }

    @Test func aWrittenModelReadsBackBitIdentical() throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = ModelFiles(root: root)
        let model = try Self.model("P001", version: 1)
        let path = try store.write(model).path
        #expect(path == root + "/P001/sales.safetensors")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(Safetensors.encode(model.file)))
        let read = try #require(try store.read(product: "P001", series: .sales))
        #expect(read.tensors == model.tensors && read.metadata == model.metadata)
        #expect(try store.read(product: "P001", series: .returns) == nil)
    }

    @Test func previousVersionsAreKeptUpToThree() throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = ModelFiles(root: root)
        for version in 1...5 { try store.write(try Self.model("P9", version: version)) }
        #expect(store.keptVersionNumbers(product: "P9", series: .sales) == [2, 3, 4])
        #expect(try store.read(product: "P9", series: .sales)?.metadata.version == 5)
    }

    @Test func hostileProductIdsStayInsideTheModelsDirectory() throws {
        let parent = Self.temporaryRoot()
        let root = parent + "/models"
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let store = ModelFiles(root: root)
        for id in ["../../escape", "..", "a/b", ""] { try store.write(try Self.model(id, version: 1)) }
        let top = try FileManager.default.contentsOfDirectory(atPath: parent)
        #expect(top == ["models"], "nothing written beside models/")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).count == 4)
        #expect(try store.read(product: "../../escape", series: .sales)?.metadata.product == "../../escape")
    }

    @Test func aTruncatedModelFileIsAnErrorNamingTheFile() throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = ModelFiles(root: root)
        let path = try store.write(try Self.model("P2", version: 1)).path
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let damaged = bytes.prefix(bytes.count / 2)
        try damaged.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: ModelFileError.self) { try store.read(product: "P2", series: .sales) }
        #expect(error?.file == path)

        // Replacing it keeps the damaged file aside, byte for byte, and says so.
        let written = try store.write(try Self.model("P2", version: 1))
        #expect(written.damagedKeptAt == root + "/P2/sales.damaged-1.safetensors")
        #expect(written.damage?.file == path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: written.damagedKeptAt!)) == damaged)
        #expect(try store.read(product: "P2", series: .sales) != nil)
    }
}
