import Foundation

/// Tells systemd what the daemon is doing (`Type=notify`, sd_notify(3)'s protocol): a datagram
/// of `KEY=value` lines to the Unix socket named by `NOTIFY_SOCKET`. Without that variable
/// (not started by systemd) it does nothing.
struct SystemdNotifier: Sendable {
    /// The socket's address; nil when systemd is not listening.
    let socketPath: String?

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Started, recovered and watching the inbox.
    func ready(status: String) { send("READY=1\nSTATUS=\(status)") }
    /// Reading the configuration again (`ExecReload`); `ready` follows.
    func reloading() {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        send("RELOADING=1\nMONOTONIC_USEC=\(Int(now.tv_sec) * 1_000_000 + Int(now.tv_nsec) / 1000)")
    }
    /// Shutting down.
    func stopping() { send("STOPPING=1") }
    /// A line for `systemctl status`.
    func status(_ text: String) { send("STATUS=\(text)") }

    /// Sends one datagram; failures are ignored, as sd_notify's callers do (systemd may be gone).
    func send(_ message: String) {
        guard let socketPath else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        // A leading "@" names an abstract socket: its address starts with a NUL byte.
        var path = Array(socketPath.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.enumerated() { raw[i] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count)
        let bytes = Array(message.utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), sa, length) }
            }
        }
    }
}
