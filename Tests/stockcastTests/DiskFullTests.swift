import Foundation
import StockcastCore
import StockcastTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The outbox on a small tmpfs that fills up: needs root (or CAP_SYS_ADMIN) to mount; skipped,
/// with the reason shown, where mounting is not allowed.
@Suite struct DiskFullTests {
    typealias E2E = DaemonEndToEndTests

    /// Runs `mount`/`umount` with `arguments`; true on success.
    @discardableResult
    static func system(_ tool: String, _ arguments: [String]) -> Bool {
        (try? Subprocess.run("/bin/" + tool, arguments))?.status == 0
    }

    /// Whether a tmpfs can be mounted here (tried once on a scratch directory).
    static let canMountTmpfs: Bool = {
        guard let dir = try? Scratch.directory("mount") else { return false }
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard system("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]) else { return false }
        system("umount", [dir])
        return true
    }()

    /// Fills the file system of `path`'s directory with `path`; returns the bytes written.
    static func fill(_ path: String) -> Int {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        let block = [UInt8](repeating: 0x55, count: 4096)
        var total = 0
        while true {
            let n = block.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            total += n
        }
        return total
    }

    /// Every file under `root` (relative paths), hidden ones included.
    static func tree(_ root: String) -> [String] {
        (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    /// True when the outbox file at `path` is whole: CSV rows complete, JSON parses, SVG and HTML closed.
    static func isWhole(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { return false }
        if path.hasSuffix(".json") { return (try? JSONSerialization.jsonObject(with: data)) != nil }
        if path.hasSuffix(".svg") { return text.hasSuffix("</svg>\n") }
        if path.hasSuffix(".html") { return text.hasSuffix("</html>\n") }
        if path.hasSuffix(".csv") {
            return text.hasSuffix("\n") && Set(text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).count }).count == 1
        }
        return true
    }

    @Test(.enabled(if: canMountTmpfs, "mounting a tmpfs needs root (CAP_SYS_ADMIN); the disk-full test is skipped"))
    func aFullOutboxIsReportedLeavesThePreviousFilesWholeAndIsRecoveredFromWhenSpaceReturns() async throws {
        let dir = try CommandLineTests.temporaryDirectory()
        let outbox = dir + "/outbox", inbox = dir + "/inbox"
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        try #require(Self.system("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", outbox]))
        defer {
            if !Self.system("umount", [outbox]) { Self.system("umount", ["-l", outbox]) }
            try? FileManager.default.removeItem(atPath: dir)
        }
        try """
        {"settleSeconds": 0.3, "rescanSeconds": 2, "training": {"minimumExtraDays": 100000}}
        """.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        let daemon = try E2E.Daemon(directory: dir)
        defer { if daemon.process.isRunning { _ = daemon.stop(SIGKILL) } }
        func status() -> [String: Any]? { E2E.json(outbox + "/status.json") }
        func drop(_ text: String, _ name: String) throws {
            try text.write(toFile: dir + "/" + name + ".tmp", atomically: false, encoding: .utf8)
            rename(dir + "/" + name + ".tmp", inbox + "/" + name)
        }

        #expect(await E2E.eventually { status()?["state"] as? String == "idle" }, "started")
        try drop(E2E.csv(days: 30), "history.csv")
        #expect(
            await E2E.eventually {
                (status()?["files"] as? [String: Int])?["accepted"] == 1 && status()?["state"] as? String == "idle"
                    && status()?["last_successful_run"] is String
            })
        let before = Self.tree(outbox).filter { $0 != "status.json" && !$0.hasPrefix(".") }
        #expect(before.contains("products/P1/forecast.csv") && before.contains("index.html"))
        #expect(FileManager.default.fileExists(atPath: outbox + "/.reserve"), "room kept for status.json")

        // The disk fills up; a daily file and a broken one arrive.
        #expect(Self.fill(outbox + "/filler") > 0)
        try drop(E2E.csv(days: 1, from: 30), "day31.csv")
        try drop("Date,Product_ID,Sales\n2024-02-01,P1,many\n", "broken.csv")
        let reported = await E2E.eventually {
            let error = status()?["last_error"] as? [String: Any]
            return (error?["message"] as? String ?? "").contains("No space left on device")
        }
        #expect(reported, "status.json says what went wrong: \(status() ?? [:]); \(daemon.log.suffix(1500))")
        // The log line follows status.json by a moment.
        #expect(await E2E.eventually { daemon.log.contains("publication failed") && daemon.log.contains("No space left on device") })
        // While the disk stays full, publication is retried after a pause that doubles, not in a
        // busy loop (that would be hundreds of attempts in these three seconds).
        try await Task.sleep(for: .seconds(3))
        let attempts = daemon.log.components(separatedBy: "msg=\"publication failed").count - 1
        #expect(attempts >= 1 && attempts <= 10, "\(attempts) attempts")
        #expect(Self.files(inbox + "/archive") == ["day31.csv", "history.csv"], "files are still taken from the inbox")
        for file in before {
            #expect(Self.isWhole(outbox + "/" + file), "\(file) is whole")
        }
        // A retry may be writing its temporary files at any moment; none may stay behind.
        #expect(await E2E.eventually { !Self.tree(outbox).contains { $0.contains(".tmp-") } }, "no temporary file left behind")

        // Space returns: the next retry publishes everything, the broken file included.
        try FileManager.default.removeItem(atPath: outbox + "/filler")
        let recovered = await E2E.eventually(60) {
            let forecast = try? String(contentsOfFile: outbox + "/products/P1/forecast.csv", encoding: .utf8)
            return forecast?.split(separator: "\n").dropFirst().first?.hasPrefix("2024-02-01,") == true
                && FileManager.default.fileExists(atPath: outbox + "/errors/broken.csv.json")
                && E2E.files(inbox + "/rejected") == ["broken.csv"] && status()?["state"] as? String == "idle"
                && (status()?["last_successful_run"] as? String ?? "") > ((status()?["last_error"] as? [String: Any])?["at"] as? String ?? "~")
        }
        #expect(recovered, "\(daemon.log.suffix(2000))")
        #expect(daemon.log.contains("publication succeeded again"))
        let alerts = try #require(E2E.json(outbox + "/alerts/active.json")?["alerts"] as? [[String: Any]])
        #expect(alerts.contains { ($0["labels"] as? [String: String])?["file"] == "broken.csv" }, "the rejection's alert was not lost")
        #expect(await E2E.eventually(10) { FileManager.default.fileExists(atPath: outbox + "/.reserve") }, "the reserve is back")
        #expect(daemon.stop() == 0)
        for file in Self.tree(outbox) where !file.hasPrefix(".") {
            #expect(Self.isWhole(outbox + "/" + file), "\(file) is whole")
        }
        #expect(E2E.files(inbox + "/.work").isEmpty)
    }

    static func files(_ path: String) -> [String] { E2E.files(path) }
}
