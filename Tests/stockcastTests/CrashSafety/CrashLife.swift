import Foundation

/// One run of the daemon, its log in a file of its own.
final class Life {
    let process = Process()
    let logPath: String

    init(directory: String, number: Int) throws {
        logPath = directory + "/logs/life-\(number).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = CommandLineTests.binary
        process.arguments = ["run", "--log-level", "debug"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory + "/daemon")
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
    }

    /// Sends `signal` and waits for the exit; returns the exit status (the signal when killed).
    @discardableResult
    func stop(_ signal: Int32) -> Int32 {
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// The log's lines as key-value pairs (logfmt).
    var lines: [[String: String]] { log.split(separator: "\n").map { Harness.logfmt($0) } }
}
