import StockcastCore

/// What the daemon is doing, as `status.json` names it.
public enum DaemonState: String, Sendable, Codable, CaseIterable {
    /// Opening the store and recovering what a crash interrupted.
    case starting
    /// Watching the inbox with nothing to do.
    case idle
    /// Maintaining models, forecasting and publishing.
    case processing
    /// Shut down.
    case stopped
}

/// What `status.json` says about the daemon, for a monitoring check.
public struct DaemonStatus: Sendable {
    /// Stockcast's version.
    public var version: String
    public var state: DaemonState
    public var started: Timestamp
    /// When the last run (a batch of inbox files) finished.
    public var lastRun: Timestamp?
    /// When the last run that published without error finished.
    public var lastSuccessfulRun: Timestamp?
    public var filesSeen: Int
    public var filesAccepted: Int
    public var filesRejected: Int
    public var filesDuplicate: Int
    /// Files waiting in the inbox.
    public var queue: Int
    /// Products with history.
    public var products: Int
    /// The last error (a rejected file, a failed training or publication).
    public var lastError: (at: Timestamp, message: String)?

    public init(version: String, state: DaemonState, started: Timestamp) {
        self.version = version
        self.state = state
        self.started = started
        filesSeen = 0
        filesAccepted = 0
        filesRejected = 0
        filesDuplicate = 0
        queue = 0
        products = 0
    }
}

/// A rejected inbox file, as `errors/<file>.json` reports it.
public struct Rejection: Sendable, Equatable {
    /// The file's name as it arrived.
    public var file: String
    public var receivedAt: Timestamp
    /// 1-based line, when the problem has one.
    public var line: Int?
    /// The column's header, when the problem has one.
    public var column: String?
    /// What is wrong with it.
    public var reason: String
    /// The whole message: file, place and reason.
    public var message: String
    /// Where the file now is, relative to the inbox's parent (e.g. `inbox/rejected/x.csv`).
    public var movedTo: String

    public init(file: String, receivedAt: Timestamp, line: Int?, column: String?, reason: String, message: String, movedTo: String) {
        self.file = file
        self.receivedAt = receivedAt
        self.line = line
        self.column = column
        self.reason = reason
        self.message = message
        self.movedTo = movedTo
    }
}
