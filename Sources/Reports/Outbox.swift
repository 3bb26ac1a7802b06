#if canImport(Glibc)
import Glibc
#endif
import StockcastCore

/// The outbox directory: every file appears whole (written under a hidden temporary name in
/// its own directory, flushed, renamed into place), and every name derived from input data
/// goes through `SafeFileName`.
public struct Outbox: Sendable {
    /// The `outbox/` directory.
    public let root: String

    public init(root: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    /// Writes `bytes` to `relative` (a path made by the functions below), creating directories.
    public func publish(_ relative: String, _ bytes: [UInt8]) throws {
        let path = root + "/" + relative
        let directory = String(path[..<path.lastIndex(of: "/")!])
        try AtomicFile.createDirectories(directory)
        try AtomicFile.write(bytes, to: path)
    }

    /// A hidden file of `reserveBytes` bytes kept in the outbox: when its file system is full,
    /// it is deleted so that `status.json` can still say what went wrong.
    public static let reserve = ".reserve"
    public static let reserveBytes = 64 * 1024

    /// Makes sure the reserve exists; false when there is no room for it (it is tried again
    /// next time).
    @discardableResult
    public func keepReserve() -> Bool {
        let path = root + "/" + Outbox.reserve
        var st = stat()
        if stat(path, &st) == 0, Int(st.st_size) == Outbox.reserveBytes { return true }
        do {
            try AtomicFile.write([UInt8](repeating: 0, count: Outbox.reserveBytes), to: path)
            return true
        } catch {
            return false
        }
    }

    /// Deletes the reserve, freeing its space; false when there was none.
    public func releaseReserve() -> Bool {
        unlink(root + "/" + Outbox.reserve) == 0
    }

    /// `products/<product>/<file>`.
    public static func productFile(_ product: String, _ file: String) -> String {
        "products/" + SafeFileName.encode(product) + "/" + file
    }

    /// `errors/<input file>.json`.
    public static func errorFile(_ inputName: String) -> String {
        "errors/" + SafeFileName.encode(inputName) + ".json"
    }

    /// `alerts/events/<time>-<run>.json`.
    public static func alertEvent(at time: Timestamp, run: Int) -> String {
        "alerts/events/\(time.compact)-\(run).json"
    }

    public static let activeAlerts = "alerts/active.json"
    public static let summary = "summary.csv"
    public static let dashboard = "index.html"
    public static let status = "status.json"
}
