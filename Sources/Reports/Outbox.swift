import StockcastCore

#if canImport(Glibc)
import Glibc
#endif

/// The outbox directory: every file appears whole (written under a hidden temporary name in
/// its own directory, flushed, renamed into place), and every name derived from input data
/// goes through `SafeFileName`.
package struct Outbox: Sendable {
    /// The `outbox/` directory.
    package let root: String

    package init(root: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    /// Writes `bytes` to `relative` (a path made by the functions below), creating directories.
    package func publish(_ relative: String, _ bytes: [UInt8]) throws {
        let path = root + "/" + relative
        let directory = String(path[..<path.lastIndex(of: "/")!])
        try AtomicFile.createDirectories(directory)
        try AtomicFile.write(bytes, to: path)
    }

    /// Whether `relative` (a path made by the functions below) exists.
    package func exists(_ relative: String) -> Bool {
        access(root + "/" + relative, F_OK) == 0
    }

    /// Writes `bytes` for `relative` under its temporary name into `batch`, creating
    /// directories; `commit` puts the batch in place.
    package func stage(_ relative: String, _ bytes: [UInt8], into batch: inout StagedFiles) throws {
        let path = root + "/" + relative
        try AtomicFile.createDirectories(String(path[..<path.lastIndex(of: "/")!]))
        try batch.stage(bytes, to: path)
    }

    /// Puts every file of `batch` in place with two flushes of the outbox's file system.
    package func commit(_ batch: StagedFiles) throws {
        try batch.commit(syncing: root)
    }

    /// A hidden file of `reserveBytes` bytes kept in the outbox: when its file system is full,
    /// it is deleted so that `status.json` can still say what went wrong.
    package static let reserve = ".reserve"
    package static let reserveBytes = 64 * 1024

    /// Makes sure the reserve exists; false when there is no room for it (it is tried again
    /// next time).
    @discardableResult
    package func keepReserve() -> Bool {
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
    package func releaseReserve() -> Bool {
        unlink(root + "/" + Outbox.reserve) == 0
    }

    /// `products/<product>/<file>`.
    package static func productFile(_ product: String, _ file: String) -> String {
        "products/" + SafeFileName.encode(product) + "/" + file
    }

    /// `errors/<input file>.json`.
    package static func errorFile(_ inputName: String) -> String {
        "errors/" + SafeFileName.encode(inputName) + ".json"
    }

    /// `alerts/events/<time>-<run>.json`.
    package static func alertEvent(at time: Timestamp, run: Int) -> String {
        "alerts/events/\(time.compact)-\(run).json"
    }

    package static let activeAlerts = "alerts/active.json"
    package static let summary = "summary.csv"
    /// The proposed purchase orders of every product with stock data.
    package static let orders = "orders.csv"
    package static let dashboard = "index.html"
    package static let status = "status.json"
}
