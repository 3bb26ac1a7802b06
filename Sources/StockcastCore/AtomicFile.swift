#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader sees either the old content or the new, never a mix: the bytes
/// go to a hidden temporary name in the same directory, are flushed to disk, and the file is
/// renamed into place; the directory is flushed too, so the rename survives a crash.
public enum AtomicFile {
    /// Writes `bytes` to `path`, replacing any existing file. Creates no directories.
    public static func write(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o644) throws(FileError) {
        let (directory, name) = split(path)
        let temporary = directory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw FileError(path: temporary, operation: "create", errno: errno) }
        var failure: FileError?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = FileError(path: temporary, operation: "write", errno: errno)
                    return
                }
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0 {
            failure = FileError(path: temporary, operation: "flush", errno: errno)
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let error = FileError(path: path, operation: "rename into place", errno: errno)
            unlink(temporary)
            throw error
        }
        syncDirectory(directory)
    }

    /// Copies the file at `source` to `path` as `write` writes (hidden temporary name, flush,
    /// rename), 1 MiB at a time: memory stays small whatever the file's size.
    public static func copy(from source: String, to path: String, permissions: mode_t = 0o644) throws(FileError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw FileError(path: source, operation: "open", errno: errno) }
        defer { close(input) }
        let (directory, name) = split(path)
        let temporary = directory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard output >= 0 else { throw FileError(path: temporary, operation: "create", errno: errno) }
        var failure: FileError?
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        copying: while true {
            let n = buffer.withUnsafeMutableBytes { systemRead(input, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = FileError(path: source, operation: "read", errno: errno)
                break
            }
            if n == 0 { break }
            var offset = 0
            while offset < n {
                let written = buffer.withUnsafeBytes { systemWrite(output, $0.baseAddress! + offset, n - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = FileError(path: temporary, operation: "write", errno: errno)
                    break copying
                }
                offset += written
            }
        }
        if failure == nil, fsync(output) != 0 {
            failure = FileError(path: temporary, operation: "flush", errno: errno)
        }
        close(output)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let error = FileError(path: path, operation: "rename into place", errno: errno)
            unlink(temporary)
            throw error
        }
        syncDirectory(directory)
    }

    /// Creates `path` and its missing parents (like `mkdir -p`).
    public static func createDirectories(_ path: String, permissions: mode_t = 0o755) throws(FileError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + part
            if mkdir(current, permissions) != 0 && errno != EEXIST {
                throw FileError(path: current, operation: "create directory", errno: errno)
            }
        }
    }

    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = String(path[..<slash])
        return (dir.isEmpty ? "/" : dir, String(path[path.index(after: slash)...]))
    }

    private static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}

/// `read(2)`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}

/// `write(2)`; the name `write` inside `AtomicFile` means `AtomicFile.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}

/// A file-system operation that failed, with the path and the system's reason.
public struct FileError: Error, CustomStringConvertible, Equatable {
    /// The file or directory concerned.
    public var path: String
    /// What was attempted, as a verb phrase ("create", "rename into place").
    public var operation: String
    /// The system's error number (`errno`).
    public var code: Int32

    public init(path: String, operation: String, errno code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    public var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(code)))"
    }
}
