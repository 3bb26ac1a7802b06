import Foundation
import StockcastCore
import StockcastTesting
import Testing

@Suite struct AtomicFileTests {
    @Test func writesReplaceWholeFilesAndLeaveNoTemporaries() throws {
        let dir = Scratch.path("atomic")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.createDirectories(dir + "/a/b")
        let path = dir + "/a/b/file.csv"
        try AtomicFile.write(Array("first".utf8), to: path)
        try AtomicFile.write(Array("second version".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second version")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/a/b") == ["file.csv"])
    }

    @Test func temporariesLeftByDeadWritersAreRemovedAndLiveOnesKept() throws {
        let dir = Scratch.path("atomic")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.createDirectories(dir + "/products/P1")
        // A process that has exited: its pid no longer runs.
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        let dead = exited.processIdentifier, alive = getppid(), mine = getpid()
        // A writer killed but not yet reaped by its parent: a zombie, whose pid still answers kill(pid, 0).
        var zombie: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { argv.forEach { free($0) } }
        #expect(posix_spawn(&zombie, "/bin/true", nil, nil, argv, environ) == 0)
        defer {
            var status: Int32 = 0
            waitpid(zombie, &status, 0)
        }
        var isZombie = false
        for _ in 0..<200 where !isZombie {
            isZombie = (try? String(contentsOfFile: "/proc/\(zombie)/stat", encoding: .utf8))?.contains(") Z ") == true
            if !isZombie { usleep(10_000) }
        }
        #expect(isZombie && kill(zombie, 0) == 0)
        // A running process whose id an earlier, crashed writer had: it started after the file's last change.
        let reused = dir + "/.summary.csv.tmp-\(alive)-8"
        let leftovers = [
            dir + "/.index.html.tmp-\(dead)-12345", dir + "/.status.json.tmp-\(zombie)-4", dir + "/products/P1/.report.json.tmp-\(dead)-7",
            dir + "/products/P1/.sales.svg.tmp-\(mine)-99", reused,
        ]
        let kept = [
            dir + "/.status.json.tmp-\(alive)-3", dir + "/summary.csv", dir + "/.hidden", dir + "/products/P1/.x.tmp-abc-1",
            dir + "/products/P1/report.json.tmp-\(dead)-1",
        ]
        for path in leftovers + kept { try Data("x".utf8).write(to: URL(fileURLWithPath: path)) }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 946_684_800)], ofItemAtPath: reused)

        #expect(AtomicFile.removeLeftovers(under: dir).sorted() == leftovers.sorted())
        for path in leftovers { #expect(!FileManager.default.fileExists(atPath: path)) }
        for path in kept { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
        #expect(AtomicFile.removeLeftovers(under: dir + "/missing").isEmpty)
    }

    @Test func aCopyArrivesWholeUnderItsNameWithNoTemporaryLeft() throws {
        let dir = Scratch.path("atomic")
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
