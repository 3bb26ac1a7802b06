#if canImport(Glibc)
import Glibc
#endif

/// Why the daemon could not do something, with what to check.
package struct DaemonError: Error, CustomStringConvertible {
    package let description: String

    init(_ description: String) {
        self.description = description
    }

    static func file(_ path: String, _ operation: String, _ code: Int32) -> DaemonError {
        DaemonError("cannot \(operation) \(path): \(String(cString: strerror(code)))")
    }
}
