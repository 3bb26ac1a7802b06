import ArgumentParser
import Daemon
import Logging

/// `stockcast resolve FILE...`: the operator says a rejected file has been taken care of.
struct Resolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark a rejected file's FileRejected alert resolved.",
        discussion: """
            A rejection's FileRejected alert resolves by itself when a later file of exactly the same name \
            is accepted, or when the rejected file is moved or deleted out of inbox/rejected/. For a fix \
            delivered under another name (sales-2025-01-03.csv fixed as sales-2025-01-03-fixed.csv), this \
            command marks the rejection resolved in the store; the daemon's next run (a running daemon looks \
            within rescanSeconds) resolves the alert. Nothing else is done: the file stays in inbox/rejected/. \
            FILE is the name as the alert and outbox/errors/ show it, or the file's path in inbox/rejected/. \
            Exit status 1 when no standing rejection has that name (the message lists those that stand).
            """
    )

    @OptionGroup var directories: Directories

    @Argument(help: "Rejected files: names as shown in the alert, or paths in inbox/rejected/.")
    var files: [String]

    func run() async throws {
        LogfmtHandler.bootstrap(level: .notice)
        let settings = try await directories.settings()
        try Directories.requireHistory(settings)
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(settings: settings, logger: Logger(label: "stockcast"))
        } catch {
            throw CommandFailure("cannot open the store: \(error)")
        }
        var failures: [String] = []
        for file in files {
            do {
                for name in try await pipeline.resolveRejections(matching: file) {
                    print("resolved: \(name); its FileRejected alert resolves at the next run")
                }
            } catch {
                failures.append("\(error)")
            }
        }
        if !failures.isEmpty { throw CommandFailure(failures.joined(separator: "\n")) }
    }
}
