import Foundation

/// Fresh places under the system's temporary directory for one test, named
/// `stockcast-<label>-<UUID>` so that a leftover says which test left it. The test removes them.
package enum Scratch {
    /// A new path, not created: `stockcast-<label>-<UUID><suffix>` (`suffix` such as ".csv").
    package static func path(_ label: String, suffix: String = "") -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("stockcast-\(label)-\(UUID().uuidString)\(suffix)").path
    }

    /// `path(label)` created as a directory.
    package static func directory(_ label: String) throws -> String {
        let path = path(label)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// `path(label, suffix:)` written with `bytes`.
    package static func file(_ label: String, suffix: String = "", bytes: [UInt8]) throws -> String {
        let path = path(label, suffix: suffix)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
