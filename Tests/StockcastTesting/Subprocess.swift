import Foundation

/// A program run to its end, with what it printed.
package struct Subprocess {
    /// Its exit status.
    package var status: Int32
    /// What it wrote to standard output, as UTF-8 (invalid bytes replaced).
    package var output: String
    /// What it wrote to standard error, as UTF-8 (invalid bytes replaced).
    package var errors: String

    /// Runs `executable` with `arguments` in `directory` (the test's own when nil), its
    /// environment this process's with `environment` laid over it, and waits for its end.
    /// Both output streams are read while it runs, so a chatty program never stalls on a full pipe.
    package static func run(
        _ executable: URL, _ arguments: [String], in directory: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Subprocess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Standard error on another thread: reading one pipe to its end while the program
        // fills the other would stall both.
        let errors = ErrorReader(err.fileHandleForReading)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Subprocess(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            errors: String(decoding: errors.wait(), as: UTF8.self))
    }

    /// `run(URL(fileURLWithPath: path), …)`.
    package static func run(
        _ path: String, _ arguments: [String], in directory: String? = nil,
        environment: [String: String] = [:]
    ) throws -> Subprocess {
        try run(URL(fileURLWithPath: path), arguments, in: directory, environment: environment)
    }
}

/// Reads a file handle to its end on a thread of its own.
private final class ErrorReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
