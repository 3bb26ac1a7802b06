import CSystemCalls

#if canImport(Glibc)
import Glibc
#endif

/// Many files replaced together, each atomically (a reader sees the old content or the new),
/// for two flushes of their file system in all instead of two per file: each file is written
/// under `AtomicFile`'s hidden temporary name, then `commit` flushes the file system (every
/// temporary's bytes reach the disk), renames them all into place and flushes again (the
/// renames survive a crash). A crash before the commit leaves temporaries that
/// `AtomicFile.removeLeftovers` clears, and the old files in place.
package struct StagedFiles: Sendable {
    /// Temporary names and where each goes, in the order staged.
    package private(set) var files: [(temporary: String, path: String)] = []

    package init() {}

    /// Writes `bytes` under `path`'s temporary name (the directory must exist).
    package mutating func stage(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o644) throws(FileError) {
        let temporary = AtomicFile.temporaryName(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw FileError(path: temporary, operation: "create", errno: errno) }
        let failure = bytes.withUnsafeBytes { AtomicFile.writeAll(fd, $0, temporary) }
        close(fd)
        if let failure {
            unlink(temporary)
            throw failure
        }
        files.append((temporary, path))
    }

    /// Adds the files another batch staged (batches built in parallel, committed as one).
    package mutating func append(_ other: StagedFiles) { files += other.files }

    /// Flushes the file system holding `root`, renames every staged file into place and flushes
    /// again. On a failure the files not yet renamed are removed (the ones renamed stay: each is
    /// whole) and the error is thrown.
    package func commit(syncing root: String) throws(FileError) {
        guard !files.isEmpty else { return }
        try Self.syncFileSystem(root)
        for (i, file) in files.enumerated() where rename(file.temporary, file.path) != 0 {
            let error = FileError(path: file.path, operation: "rename into place", errno: errno)
            for rest in files[i...] { unlink(rest.temporary) }
            throw error
        }
        try Self.syncFileSystem(root)
    }

    /// Removes every staged temporary (a batch given up).
    package func discard() {
        for file in files { unlink(file.temporary) }
    }

    private static func syncFileSystem(_ path: String) throws(FileError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, operation: "open to flush", errno: errno) }
        defer { close(fd) }
        guard stockcast_syncfs(fd) == 0 else { throw FileError(path: path, operation: "flush", errno: errno) }
    }
}
