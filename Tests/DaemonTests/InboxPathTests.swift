import Foundation
import StockcastCore
import Store
import Testing

@testable import Daemon

#if canImport(Glibc)
import Glibc
#endif

/// The inbox is read only through what is really in it: a link, pipe, socket or device named
/// `*.csv` is rejected without being opened, a file swapped for one between listing and claim is
/// never followed nor waited on, the inbox's own folders are never followed when they are links,
/// and a folder removed while the daemon runs is made again.
@Suite struct InboxPathTests {
    typealias Sandbox = HostileInputTests.Sandbox
    static let header = HostileInputTests.header

    /// A valid CSV of product `SECRET`: were it ever read, the history would show it.
    static let secret = header + "2024-03-01,SECRET,5,0\n"

    /// Binds a Unix socket at `path`; returns its descriptor.
    static func socket(at path: String) -> Int32 {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() where i < raw.count - 1 { raw[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0, "bind \(path)")
        return fd
    }

    /// The file type `lstat` sees at `path` (`S_IFLNK`, `S_IFIFO`, …), nil when nothing is there.
    static func type(_ path: String) -> mode_t? {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : nil
    }

    static func reason(_ box: Sandbox, _ file: String) -> String {
        box.json("errors/\(file).json")?["reason"] as? String ?? ""
    }

    static func firingFiles(_ box: Sandbox) -> [String] {
        let alerts = box.json("alerts/active.json")?["alerts"] as? [[String: Any]] ?? []
        return alerts.compactMap { $0["labels"] as? [String: String] }.filter { $0["alertname"] == "FileRejected" }
            .compactMap { $0["file"] }.sorted()
    }

    @Test func aLinkPipeSocketOrDeviceNamedCSVIsRejectedUnopenedWithItsReasonAndAnAlert() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        try write(Self.secret, to: box.root + "/secret.csv")
        #expect(symlink(box.root + "/secret.csv", box.inbox + "/link.csv") == 0)
        #expect(symlink(box.root + "/nothing-here", box.inbox + "/dangling.csv") == 0)
        #expect(mkfifo(box.inbox + "/pipe.csv", 0o644) == 0)
        let socket = Self.socket(at: box.inbox + "/sock.csv")
        defer { close(socket) }
        // /dev/null's numbers; creating a device needs privileges a test may lack.
        let device = mknod(box.inbox + "/null.csv", S_IFCHR | 0o644, 0x103) == 0
        try box.drop(Self.header + HostileInputTests.rows("GOOD", days: 3), as: "good.csv")
        try await box.runOnce()

        let special = ["dangling.csv", "link.csv", "pipe.csv", "sock.csv"] + (device ? ["null.csv"] : [])
        #expect(box.visibleFiles("rejected") == special.sorted(), "moved to rejected/, not left in the inbox")
        #expect(box.visibleFiles("archive") == ["good.csv"])
        #expect(Inbox(root: box.inbox).candidates().isEmpty)
        #expect(Self.type(box.inbox + "/rejected/link.csv") == S_IFLNK, "the link itself was moved")
        #expect(Self.type(box.inbox + "/rejected/pipe.csv") == S_IFIFO)
        #expect(try String(contentsOfFile: box.root + "/secret.csv", encoding: .utf8) == Self.secret, "its target untouched")
        #expect(Self.reason(box, "link.csv").contains("is a symbolic link"), "\(Self.reason(box, "link.csv"))")
        #expect(Self.reason(box, "dangling.csv").contains("is a symbolic link"))
        #expect(Self.reason(box, "pipe.csv").contains("is a named pipe (FIFO)"), "\(Self.reason(box, "pipe.csv"))")
        #expect(Self.reason(box, "sock.csv").contains("is a socket"))
        if device { #expect(Self.reason(box, "null.csv").contains("is a character device")) }
        #expect(Self.firingFiles(box) == special.sorted(), "a FileRejected alert each")
        #expect(try box.database().products() == ["GOOD"], "nothing read through the link")
        #expect(box.strayPaths() == [box.root + "/secret.csv"])
    }

    @Test func aFileSwappedForALinkOrAPipeAfterTheListingIsNeitherFollowedNorWaitedOn() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        try write(Self.secret, to: box.root + "/secret.csv")
        let pipeline = try Pipeline(settings: box.settings, logger: quietLogger)
        for name in ["a.csv", "b.csv"] { try box.drop(Self.header + HostileInputTests.rows("OK", days: 2), as: name) }
        let listed = pipeline.candidates()
        #expect(listed.map(\.name) == ["a.csv", "b.csv"] || listed.map(\.name) == ["b.csv", "a.csv"])
        // Swapped between the listing and the claim.
        #expect(unlink(box.inbox + "/a.csv") == 0 && symlink(box.root + "/secret.csv", box.inbox + "/a.csv") == 0)
        #expect(unlink(box.inbox + "/b.csv") == 0 && mkfifo(box.inbox + "/b.csv", 0o644) == 0)
        // Were the pipe opened for reading, it would block until a writer came: one comes after
        // 5 s (so that the test ends either way), and the test measures whether it was needed. A
        // thread of its own: a blocked reader may hold the threads of the shared pools.
        let work = box.inbox + "/.work"
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 5)
            for _ in 0..<100 {  // each open of the pipe waits for its own writer
                for name in (try? FileManager.default.contentsOfDirectory(atPath: work)) ?? [] {
                    let fd = open(work + "/" + name, O_WRONLY | O_NONBLOCK)
                    if fd >= 0 { close(fd) }
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        let started = ContinuousClock.now
        for candidate in listed { _ = await pipeline.process(candidate) }
        #expect(ContinuousClock.now - started < .seconds(4), "the pipe was opened and waited on")

        #expect(box.visibleFiles("rejected") == ["a.csv", "b.csv"])
        #expect(Self.type(box.inbox + "/rejected/a.csv") == S_IFLNK && Self.type(box.inbox + "/rejected/b.csv") == S_IFIFO)
        #expect(Self.reason(box, "a.csv").contains("is a symbolic link") && !Self.reason(box, "a.csv").contains("SECRET"))
        #expect(Self.reason(box, "b.csv").contains("is a named pipe (FIFO)"))
        #expect(try box.database().products().isEmpty, "the link's target was never read")
        #expect(try box.database().fileCounts() == [.rejected: 2])
    }

    @Test func anInboxOrFolderThatIsASymbolicLinkIsNeverFollowed() async throws {
        // At start: refused, saying which and why.
        for folder in ["", "/.work", "/archive", "/rejected"] {
            let box = try Sandbox()
            defer { box.remove() }
            let elsewhere = box.root + "/elsewhere"
            try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
            if folder.isEmpty { try FileManager.default.removeItem(atPath: box.inbox) }
            #expect(symlink(elsewhere, box.inbox + folder) == 0)
            let error = #expect(throws: DaemonError.self, "\(folder)") { _ = try Pipeline(settings: box.settings, logger: quietLogger) }
            #expect(error?.description.contains("inbox\(folder) is a symbolic link") == true, "\(String(describing: error))")
            #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
        }

        // While running: nothing is claimed into, or settled through, a folder that became a link.
        let box = try Sandbox()
        defer { box.remove() }
        let pipeline = try Pipeline(settings: box.settings, logger: quietLogger)
        let elsewhere = box.root + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.removeItem(atPath: box.inbox + "/rejected")
        #expect(symlink(elsewhere, box.inbox + "/rejected") == 0)
        try box.drop(Self.header + "2024-03-01,A,-1,0\n", as: "bad.csv")
        for candidate in Inbox(root: box.inbox).candidates() { _ = await pipeline.process(candidate) }
        for name in ["bad.csv"] { _ = await pipeline.process(name) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty, "nothing went through the link")
        #expect(FileManager.default.fileExists(atPath: box.inbox + "/bad.csv"), "the file waits in the inbox")
        #expect(try box.database().fileCounts().isEmpty)

        // Once the link is gone, the folder is made again and the file taken.
        #expect(unlink(box.inbox + "/rejected") == 0)
        for candidate in pipeline.candidates() { _ = await pipeline.process(candidate) }
        #expect(box.visibleFiles("rejected") == ["bad.csv"])
        #expect(try box.database().fileCounts() == [.rejected: 1])
    }

    @Test func foldersOfTheInboxRemovedWhileRunningAreMadeAgainAndFilesStillTaken() async throws {
        let box = try Sandbox()
        defer { box.remove() }
        let pipeline = try Pipeline(settings: box.settings, logger: quietLogger)
        for folder in [".work", "archive", "rejected"] { try FileManager.default.removeItem(atPath: box.inbox + "/" + folder) }
        try box.drop(Self.header + HostileInputTests.rows("A", days: 2), as: "good.csv")
        try box.drop(Self.header + "2024-03-01,A,-1,0\n", as: "bad.csv")
        for candidate in pipeline.candidates() { _ = await pipeline.process(candidate) }
        #expect(box.visibleFiles("archive") == ["good.csv"])
        #expect(box.visibleFiles("rejected") == ["bad.csv"])
        #expect(box.visibleFiles("") == ["archive", "rejected"])
        #expect(try box.database().fileCounts() == [.accepted: 1, .rejected: 1])

        // The whole inbox, too.
        try FileManager.default.removeItem(atPath: box.inbox)
        try FileManager.default.createDirectory(atPath: box.inbox, withIntermediateDirectories: false)
        try box.drop(Self.header + HostileInputTests.rows("B", days: 2), as: "next.csv")
        for candidate in pipeline.candidates() { _ = await pipeline.process(candidate) }
        #expect(box.visibleFiles("archive") == ["next.csv"])
    }
}
