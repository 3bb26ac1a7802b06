import Foundation
import Testing

/// Node.js (Debian's `nodejs`), which runs the dashboard's script in the tests. A test that
/// needs it is skipped with `Node.missing` where it is not installed:
/// `@Test(.enabled(if: Node.isInstalled, Node.missing))`.
package enum Node {
    /// The first `node` or `nodejs` on PATH; nil when there is none.
    package static let executable: String? = {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return ["node", "nodejs"].lazy.flatMap { name in path.map { "\($0)/\(name)" } }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether Node.js is installed.
    package static var isInstalled: Bool { executable != nil }

    /// Why a test that needs Node.js was skipped.
    package static let missing: Comment = "Node.js runs the dashboard's script in this test and is not installed: apt-get install -y nodejs"

    /// Runs `script` with Node.js (no network) and returns what it printed; fails the test when
    /// Node.js is missing or the script fails.
    package static func run(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let executable = try #require(executable, missing, sourceLocation: sourceLocation)
        let file = Scratch.path("script", suffix: ".js")
        try Data(script.utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let run = try Subprocess.run(executable, [file])
        #expect(run.status == 0, "node failed: \(run.errors)", sourceLocation: sourceLocation)
        return run.output
    }
}
