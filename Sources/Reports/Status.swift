import StockcastCore

/// What the daemon is doing, as `status.json` names it.
package enum DaemonState: String, Sendable, Codable, CaseIterable {
    /// Opening the store and recovering what a crash interrupted.
    case starting
    /// Watching the inbox with nothing to do.
    case idle
    /// Training or fine-tuning models (which can take long on a first history).
    case training
    /// Forecasting, planning and publishing.
    case processing
    /// Shut down.
    case stopped
}

/// What `status.json` says about the daemon, for a monitoring check.
package struct DaemonStatus: Sendable {
    /// Stockcast's version.
    package var version: String
    package var state: DaemonState
    package var started: Timestamp
    /// When the last run (a batch of inbox files) finished.
    package var lastRun: Timestamp?
    /// When the last run that published without error finished.
    package var lastSuccessfulRun: Timestamp?
    package var filesSeen: Int
    package var filesAccepted: Int
    package var filesRejected: Int
    package var filesDuplicate: Int
    /// Files waiting in the inbox.
    package var queue: Int
    /// Products with history.
    package var products: Int
    /// The last error (a rejected file, a failed training or publication).
    package var lastError: (at: Timestamp, message: String)?

    package init(version: String, state: DaemonState, started: Timestamp) {
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
package struct Rejection: Sendable, Equatable {
    /// The file's name as it arrived.
    package var file: String
    package var receivedAt: Timestamp
    /// 1-based line, when the problem has one.
    package var line: Int?
    /// The column's header, when the problem has one.
    package var column: String?
    /// What is wrong with it.
    package var reason: String
    /// The whole message: file, place and reason.
    package var message: String
    /// Where the file now is, relative to the inbox's parent (e.g. `inbox/rejected/x.csv`).
    package var movedTo: String

    package init(file: String, receivedAt: Timestamp, line: Int?, column: String?, reason: String, message: String, movedTo: String) {
        self.file = file
        self.receivedAt = receivedAt
        self.line = line
        self.column = column
        self.reason = reason
        self.message = message
        self.movedTo = movedTo
    }
}
