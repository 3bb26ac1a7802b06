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
