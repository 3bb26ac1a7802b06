import Foundation
import StockcastCore
import StockcastTesting
import Testing

@Suite struct StagedFilesTests {
    func contents(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
    func hidden(_ dir: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasPrefix(".") } }

    @Test func stagedFilesAppearTogetherOnCommitAndTheOldOnesStayUntilThen() throws {
        let dir = Scratch.path("staged")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write(Array("old a".utf8), to: dir + "/a.csv")
        var batch = StagedFiles()
        try batch.stage(Array("new a".utf8), to: dir + "/a.csv")
        try batch.stage(Array("new b".utf8), to: dir + "/b.csv")
        #expect(contents(dir + "/a.csv") == "old a" && contents(dir + "/b.csv") == nil, "nothing in place before the commit")
        #expect(hidden(dir).count == 2)
        try batch.commit(syncing: dir)
        #expect(contents(dir + "/a.csv") == "new a" && contents(dir + "/b.csv") == "new b")
        #expect(hidden(dir).isEmpty, "no temporary left")
    }

    @Test func aBatchGivenUpOrFailingLeavesNoTemporaryAndNoHalfFile() throws {
        let dir = Scratch.path("staged")
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var given = StagedFiles()
        try given.stage(Array("x".utf8), to: dir + "/x.csv")
        given.discard()
        #expect(hidden(dir).isEmpty && contents(dir + "/x.csv") == nil)

        // The second file's directory disappears before the commit: the first is put in place
        // whole, the rest are removed, and the error names the path.
        var batch = StagedFiles()
        try batch.stage(Array("one".utf8), to: dir + "/one.csv")
        try batch.stage(Array("two".utf8), to: dir + "/sub/two.csv")
        try batch.stage(Array("three".utf8), to: dir + "/three.csv")
        try FileManager.default.removeItem(atPath: dir + "/sub")
        #expect(throws: FileError.self) { try batch.commit(syncing: dir) }
        #expect(contents(dir + "/one.csv") == "one" && contents(dir + "/three.csv") == nil)
        #expect(hidden(dir).isEmpty)
        var another = StagedFiles()
        #expect(throws: FileError.self) { try another.stage([1], to: dir + "/missing/file") }
        #expect(another.files.isEmpty)
    }
}
