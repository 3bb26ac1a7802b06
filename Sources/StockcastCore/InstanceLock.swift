#if canImport(Glibc)
import Glibc
#endif

/// The advisory lock that makes one daemon the owner of a `models/` directory: `flock` on
/// `<models>/stockcast.lock`, held for the life of the process (the kernel drops it when the process
/// ends, however it ends), with the owner's pid written into the file for the messages.
package final class InstanceLock: Sendable {
    /// The lock file.
    package let path: String
    private let descriptor: Int32

    /// Takes the lock of `directory` (created if missing).
    /// - Throws: `InstanceLockError` naming the running owner when another process holds it, or
    ///   the system's reason when the file cannot be opened.
    package init(directory: String) throws(InstanceLockError) {
        path = directory + "/stockcast.lock"
        do {
            try AtomicFile.createDirectories(directory)
        } catch {
            throw InstanceLockError(path: path, reason: "cannot create \(directory): \(error)")
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw InstanceLockError(path: path, reason: "cannot open it: \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let owner = Self.owner(fd)
            close(fd)
            throw InstanceLockError(
                path: path,
                reason: "another stockcast\(owner.map { " (pid \($0))" } ?? "") is running on \(directory); stop it first, or give this one other directories",
                ownerPID: owner)
        }
        descriptor = fd
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        text.withUnsafeBytes { try? SystemCall.writeAll(fd, $0) }
    }

    deinit {
        close(descriptor)
    }

    /// Whether a process holds the lock of `directory`, and its pid when it wrote one; nil pid
    /// and false when no process holds it (no daemon is running there).
    package static func holder(of directory: String) -> (held: Bool, pid: Int32?) {
        let fd = open(directory + "/stockcast.lock", O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return (false, nil) }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return (false, nil)
        }
        return (true, owner(fd))
    }

    private static func owner(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer.prefix(n), as: UTF8.self).trimmingCharactersInNewlines())
    }
}

/// Another process owns the directory, or its lock file cannot be used.
package struct InstanceLockError: Error, CustomStringConvertible {
    /// The lock file.
    package var path: String
    /// Why, in words a user can act on.
    package var reason: String
    /// The running owner's pid, when it is known.
    package var ownerPID: Int32?

    package var description: String { reason }
}

extension String {
    fileprivate func trimmingCharactersInNewlines() -> String {
        String(self.filter { !$0.isWhitespace })
    }
}
