import Foundation
import StockcastCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile names and ids fed to the real daemon one after another: it serves every next file,
/// its log keeps one line per event, and it writes nothing outside its three directories.
@Suite struct HostileEndToEndTests {
    typealias E2E = DaemonEndToEndTests

    /// Every path under `root` (names as bytes, shown with invalid bytes as `?`).
    static func tree(_ root: String) -> [String] {
        var out: [String] = []
        func walk(_ path: [UInt8], _ shown: String) {
            guard let dir = (path + [0]).withUnsafeBufferPointer({ $0.withMemoryRebound(to: CChar.self) { opendir($0.baseAddress!) } })
            else { return }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
                if name == [0x2E] || name == [0x2E, 0x2E] { continue }
                let child = shown + "/" + String(decoding: name, as: UTF8.self)
                out.append(child)
                if entry.pointee.d_type == UInt8(DT_DIR) { walk(path + [0x2F] + name, child) }
            }
        }
        walk(Array(root.utf8), "")
        return out
    }

    @Test func hostileNamesAndIdsNeitherStopTheDaemonNorBreakItsLogNorEscapeItsDirectories() async throws {
        let root = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Three levels down: an escape from outbox/products/<id>/ would land inside `root`.
        let dir = root + "/a/b/c"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try BurstTests.config.write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        let daemon = try E2E.Daemon(directory: dir)
        defer { if daemon.process.isRunning { _ = daemon.stop(SIGKILL) } }
        let inbox = dir + "/inbox", outbox = dir + "/outbox"
        #expect(await E2E.eventually { E2E.json(outbox + "/status.json")?["state"] as? String == "idle" }, "started")

        let header = "Date,Product_ID,Sales,Returns\n"
        func rows(_ id: String, _ days: Int = 3) -> String {
            (0..<days).map { "\(Day(iso: "2024-05-01")!.advanced(by: $0)),\(id),\($0 + 1),0\n" }.joined()
        }
        let files: [(name: [UInt8], content: String)] = [
            (Array("evil name\nwith a line break.csv".utf8), header + rows("\"../../../../etc/passwd\"") + rows("a/b") + rows(".") + rows("..")),
            (Array("caf".utf8) + [0xE9] + Array(".csv".utf8), header + rows("\"<img src=x onerror=alert(1)>\"")),
            (Array("cr\r\nlf.csv".utf8), header + "2024-05-01,X,many,0\n"),
            (Array("long-id.csv".utf8), header + rows(String(repeating: "L", count: 10_000), 1)),
            (Array("zeros.csv".utf8), header + (0..<40).map { "\(Day(iso: "2024-05-01")!.advanced(by: $0)),ZERO,0,0\n" }.joined()),
            (Array("once.csv".utf8), header + "2024-05-02,ONCE,5,1\n"),
            (Array("next.csv".utf8), header + rows("NEXT")),
        ]
        for (k, file) in files.enumerated() {
            let staging = dir + "/.staging-\(k)"
            try file.content.write(toFile: staging, atomically: false, encoding: .utf8)
            let moved = (Array(inbox.utf8) + [0x2F] + file.name + [0]).withUnsafeBufferPointer {
                $0.withMemoryRebound(to: CChar.self) { rename(staging, $0.baseAddress!) }
            }
            #expect(moved == 0)
        }
        let served = await E2E.eventually {
            (E2E.json(outbox + "/status.json")?["files"] as? [String: Int])?["seen"] == files.count
                && E2E.json(outbox + "/status.json")?["state"] as? String == "idle" && E2E.files(inbox).isEmpty
        }
        #expect(served, "\(daemon.log.suffix(2000))")
        #expect(daemon.stop() == 0)

        #expect(E2E.files(inbox + "/archive") == ["caf%E9.csv", "evil name\nwith a line break.csv", "next.csv", "once.csv", "zeros.csv"])
        #expect(E2E.files(inbox + "/rejected") == ["cr\r\nlf.csv", "long-id.csv"])
        for product in ["NEXT", "ONCE", "ZERO", "a/b", ".", "..", "../../../../etc/passwd", "<img src=x onerror=alert(1)>"] {
            let path = outbox + "/products/" + SafeFileName.encode(product) + "/forecast.csv"
            #expect(FileManager.default.fileExists(atPath: path), "\(product)")
        }
        let log = daemon.log
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.allSatisfy { $0.hasPrefix("ts=") }, "one line per event, whatever the names")
        #expect(log.contains(#"file="cr\r\nlf.csv""#) && log.contains(#"file="evil name\nwith a line break.csv""#))
        let error = try #require(E2E.json(outbox + "/errors/long-id.csv.json"))
        #expect(error["line"] as? Int == 2 && error["column"] as? String == "Product_ID")

        // Nothing but the daemon's own files and directories.
        let allowed = ["/a", "/a/b", "/a/b/c", "/a/b/c/stockcast.json", "/a/b/c/daemon.log"]
        let stray = Self.tree(root).filter { path in
            !allowed.contains(path) && !["inbox", "outbox", "models"].contains { path == "/a/b/c/" + $0 || path.hasPrefix("/a/b/c/" + $0 + "/") }
        }
        #expect(stray == [], "written outside inbox/, outbox/ and models/")
    }
}
