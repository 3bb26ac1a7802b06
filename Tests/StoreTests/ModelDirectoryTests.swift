import Foundation
import StockcastCore
import StockcastTesting
import Store
import Testing

/// The model directory as storage: bytes in, bytes out, versions named by the caller.
@Suite struct ModelDirectoryTests {
    /// A made-up model file: its first byte is its version; an empty file is unreadable.
    static func identify(_ bytes: [UInt8], _ path: String) throws -> Int {
        guard let first = bytes.first else { throw StoredFileError(file: path, problem: "empty") }
        return Int(first)
    }

    static func temporaryRoot() -> String {
        Scratch.path("modeldir")
    }

    @Test func bytesAreStoredAndEarlierVersionsKeptUnderTheNumberIdentifyReads() throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = ModelDirectory(root: root, keptVersions: 2)
        for version in 1...4 {
            try store.write([UInt8(version), 42], product: "P/1", series: .returns, version: version, identify: Self.identify)
        }
        #expect(try store.read(product: "P/1", series: .returns) == [4, 42])
        #expect(try store.read(product: "P/1", series: .sales) == nil)
        #expect(store.keptVersionNumbers(product: "P/1", series: .returns) == [2, 3])
        let v3 = store.versionPath(product: "P/1", series: .returns, version: 3)
        #expect(FileManager.default.contents(atPath: v3) == Data([3, 42]))
        #expect(
            store.directory(for: "P/1").hasPrefix(root + "/") && !store.directory(for: "P/1").dropFirst(root.count + 1).contains("/"),
            "a product id names one directory inside the root")
    }

    @Test func aCurrentFileIdentifyRefusesIsSetAsideNotLost() throws {
        let root = Self.temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = ModelDirectory(root: root)
        let path = try store.write([1], product: "P", series: .sales, version: 1, identify: Self.identify).path
        try Data().write(to: URL(fileURLWithPath: path))
        let written = try store.write([2], product: "P", series: .sales, version: 2, identify: Self.identify)
        #expect(written.damagedKeptAt == root + "/P/sales.damaged-1.safetensors")
        #expect((written.damage as? StoredFileError)?.file == path)
        #expect(try store.read(product: "P", series: .sales) == [2])
        #expect(store.keptVersionNumbers(product: "P", series: .sales).isEmpty)
    }
}
