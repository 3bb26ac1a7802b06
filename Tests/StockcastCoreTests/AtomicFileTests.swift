import Foundation
import Testing
import StockcastCore

@Suite struct AtomicFileTests {
    @Test func writesReplaceWholeFilesAndLeaveNoTemporaries() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stockcast-atomic-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.createDirectories(dir + "/a/b")
        let path = dir + "/a/b/file.csv"
        try AtomicFile.write(Array("first".utf8), to: path)
        try AtomicFile.write(Array("second version".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second version")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/a/b") == ["file.csv"])
    }

    @Test func aCopyArrivesWholeUnderItsNameWithNoTemporaryLeft() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stockcast-atomic-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.createDirectories(dir + "/in")
        // Three and a half steps of the copy.
        let bytes = (0..<(7 << 19)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        try AtomicFile.write(bytes, to: dir + "/source.bin")
        try AtomicFile.copy(from: dir + "/source.bin", to: dir + "/in/copy.bin")
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/in/copy.bin")) == Data(bytes))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/in") == ["copy.bin"])
        #expect(throws: FileError.self) { try AtomicFile.copy(from: dir + "/missing.bin", to: dir + "/in/x.bin") }
    }

    @Test func aMissingDirectoryIsAnErrorNamingThePath() {
        let error = #expect(throws: FileError.self) { try AtomicFile.write([1], to: "/nonexistent-stockcast/x/y.bin") }
        #expect(error?.description.contains("/nonexistent-stockcast/x") == true)
    }
}
