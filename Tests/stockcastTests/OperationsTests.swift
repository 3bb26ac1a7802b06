import Foundation
import Testing

/// What an operations team relies on, with the real binary: SIGHUP reloads the configuration
/// without losing a file, systemd hears ready/reloading/stopping, status.json reports problems.
@Suite(.serialized) struct OperationsTests {
    /// A Unix datagram socket standing in for systemd's `NOTIFY_SOCKET`.
    final class NotifySocket {
        let path: String
        let fd: Int32
        private(set) var messages: [String] = []

        init(path: String) throws {
            self.path = path
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
            }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            #expect(bound == 0, "bind \(path)")
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }

        deinit { close(fd) }

        /// Every datagram received so far.
        func received() -> [String] {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                guard n > 0 else { break }
                messages.append(String(decoding: buffer[..<n], as: UTF8.self))
            }
            return messages
        }
    }

    static func config(horizon: Int) -> String {
        "{\"horizon\": \(horizon), " + DaemonEndToEndTests.config.drop { $0 != "{" }.dropFirst()
    }

    static func start(in directory: String, environment: [String: String]) throws -> DaemonEndToEndTests.Daemon {
        try DaemonEndToEndTests.Daemon(directory: directory, environment: environment)
    }

    static func planDays(_ outbox: String, _ product: String) -> Int {
        let csv = (try? String(contentsOfFile: outbox + "/products/\(product)/forecast.csv", encoding: .utf8)) ?? ""
        return max(0, csv.split(separator: "\n").count - 1)
    }

    @Test func sighupReloadsTheConfigurationBetweenFilesAndLosesNoFile() async throws {
        let dir = try CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let inbox = dir + "/inbox", outbox = dir + "/outbox"
        try Self.config(horizon: 10).write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        let systemd = try NotifySocket(path: dir + "/notify")
        let daemon = try Self.start(in: dir, environment: ["NOTIFY_SOCKET": systemd.path])
        #expect(await DaemonEndToEndTests.eventually(30) { systemd.received().contains { $0.hasPrefix("READY=1") } }, "\(daemon.log)")

        try DaemonEndToEndTests.csv(days: 30).write(toFile: inbox + "/history.csv", atomically: true, encoding: .utf8)
        #expect(await DaemonEndToEndTests.eventually { Self.planDays(outbox, "P1") == 10 }, "\(daemon.log)")

        // A new horizon in the file; SIGHUP arrives while a file written in place is settling.
        try Self.config(horizon: 12).write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        try DaemonEndToEndTests.csv(days: 1, from: 30).write(toFile: inbox + "/day31.csv", atomically: false, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(await DaemonEndToEndTests.eventually { daemon.log.contains("configuration reloaded") }, "\(daemon.log)")
        #expect(daemon.log.contains("changed=horizon"), "the log names what changed")
        #expect(
            await DaemonEndToEndTests.eventually { Self.planDays(outbox, "P1") == 12 && Self.planDays(outbox, "P2") == 12 },
            "every product is planned again with the new horizon: \(daemon.log)")
        #expect(await DaemonEndToEndTests.eventually { DaemonEndToEndTests.files(inbox + "/archive").sorted() == ["day31.csv", "history.csv"] })
        let forecast = try String(contentsOfFile: outbox + "/products/P1/forecast.csv", encoding: .utf8)
        #expect(forecast.split(separator: "\n")[1].hasPrefix("2024-02-01,"), "day 31 was taken")

        // A broken configuration is refused; the daemon keeps the old one and goes on.
        try Self.config(horizon: 5).write(toFile: dir + "/stockcast.json", atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(await DaemonEndToEndTests.eventually { daemon.log.contains("configuration not reloaded") }, "\(daemon.log)")
        func lastError() -> String {
            let status = DaemonEndToEndTests.json(outbox + "/status.json")
            return (status?["last_error"] as? [String: Any])?["message"] as? String ?? ""
        }
        #expect(await DaemonEndToEndTests.eventually(10) { lastError().contains("horizon 5 days") }, "status.json: \(lastError())")
        // A date format that could read no file is refused the same way (it was once taken, and
        // every file rejected after it).
        try ("{\"dateFormat\": \"%%%\", " + Self.config(horizon: 12).dropFirst()).write(
            toFile: dir + "/stockcast.json", atomically: true,
            encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(await DaemonEndToEndTests.eventually(10) { lastError().contains("dateFormat \"%%%\"") }, "status.json: \(lastError())")
        try DaemonEndToEndTests.csv(days: 1, from: 31).write(toFile: inbox + "/day32.csv", atomically: true, encoding: .utf8)
        #expect(
            await DaemonEndToEndTests.eventually {
                DaemonEndToEndTests.files(inbox + "/archive").count == 3 && Self.planDays(outbox, "P1") == 12
                    && ((try? String(contentsOfFile: outbox + "/products/P1/forecast.csv", encoding: .utf8)) ?? "").contains("\n2024-02-02,")
            }, "\(daemon.log)")

        #expect(daemon.stop() == 0)
        let messages = systemd.received()
        #expect(messages.first?.hasPrefix("READY=1") == true)
        #expect(messages.filter { $0.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") }.count == 3)
        #expect(messages.filter { $0.hasPrefix("READY=1") }.count == 4, "ready again after each reload: \(messages)")
        #expect(messages.last == "STOPPING=1")
    }
}
