#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader sees either the old content or the new, never a mix: the bytes
/// go to a hidden temporary name in the same directory, are flushed to disk, and the file is
/// renamed into place; the directory is flushed too, so the rename survives a crash.
///
/// A process killed in the middle of a write leaves its temporary file
/// (`.<name>.tmp-<pid>-<n>`) behind; `removeLeftovers(under:)` clears those of processes that no
/// longer run (the daemon calls it on its directories when it starts).
package enum AtomicFile {
    /// Writes `bytes` to `path`, replacing any existing file. Creates no directories.
    package static func write(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o644) throws(FileError) {
        try replace(path, permissions: permissions) { fd, temporary in
            bytes.withUnsafeBytes { writeAll(fd, $0, temporary) }
        }
    }

    /// Creates `path`'s hidden temporary file, lets `fill` write it (returning its failure, if
    /// any), flushes it and renames it into place; on any failure the temporary is removed.
    private static func replace(
        _ path: String, permissions: mode_t,
        fill: (_ fd: Int32, _ temporary: String) -> FileError?
    ) throws(FileError) {
        let (directory, _) = split(path)
        let temporary = temporaryName(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw FileError(path: temporary, operation: "create", errno: errno) }
        var failure = fill(fd, temporary)
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

    /// The hidden temporary name `path` is written under first: `.<name>.tmp-<pid>-<n>`.
    static func temporaryName(for path: String) -> String {
        let (directory, name) = split(path)
        return directory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Writes all of `bytes` to `fd` (`SystemCall.writeAll`); the failure, if any.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ temporary: String) -> FileError? {
        do throws(SystemCall.Failure) {
            try SystemCall.writeAll(fd, bytes)
            return nil
        } catch {
            return FileError(path: temporary, operation: "write", errno: error.code)
        }
    }

    /// Removes the temporary files that writes interrupted by a crash left in `directory` and its
    /// subdirectories (symbolic links are not followed): the hidden names this type writes to,
    /// `.<name>.tmp-<pid>-<n>`, of a process that no longer runs or of this one (call it before this
    /// process writes there). A temporary file of another running process is its write in progress
    /// and stays. Returns the paths removed.
    @discardableResult
    package static func removeLeftovers(under directory: String) -> [String] {
        var removed: [String] = []
        guard let dir = opendir(directory) else { return removed }
        var names: [(name: String, isDirectory: Bool)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != ".." else { continue }
            var st = stat()
            guard lstat(directory + "/" + name, &st) == 0 else { continue }
            let type = st.st_mode & S_IFMT
            if type == S_IFDIR || type == S_IFREG { names.append((name, type == S_IFDIR)) }
        }
        closedir(dir)
        for (name, isDirectory) in names {
            let path = directory + "/" + name
            if isDirectory {
                removed += removeLeftovers(under: path)
            } else if let pid = writerOfTemporary(name), pid == getpid() || !isWriting(pid, path) {
                if unlink(path) == 0 { removed.append(path) }
            }
        }
        return removed
    }

    /// Whether process `pid` may still be writing `path`: it runs, and it started before the file
    /// was last changed (a process id is reused: one that started later is another process).
    static func isWriting(_ pid: pid_t, _ path: String) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        var st = stat()
        guard stat(path, &st) == 0, let process = processStart(pid) else { return true }
        // A zombie (or dying) process has ended: it writes nothing more.
        if process.state == "Z" || process.state == "X" { return false }
        return process.started <= Double(st.st_mtim.tv_sec) + 1
    }

    /// The state of process `pid` (proc(5): `R`, `S`, `Z`, …) and when it started, seconds since
    /// 1970 (`starttime` in /proc/<pid>/stat after boot, `btime` in /proc/stat); nil where /proc
    /// does not say.
    static func processStart(_ pid: pid_t) -> (state: Character, started: Double)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is field 3, starttime field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]),
            let system = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = system.split(separator: "\n").first(where: { $0.hasPrefix("btime ") }),
            let boot = Double(line.dropFirst(6)), let state = fields[0].first
        else { return nil }
        return (state, boot + ticks / Double(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// The process id in a temporary name written by `write` (`.<name>.tmp-<pid>-<n>`), nil for
    /// any other name.
    static func writerOfTemporary(_ name: String) -> pid_t? {
        guard name.hasPrefix("."), let marker = name.ranges(of: ".tmp-").last else { return nil }
        let parts = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, UInt32(parts[1]) != nil else { return nil }
        return pid
    }

    /// Copies the file at `source` to `path` as `write` writes (hidden temporary name, flush,
    /// rename), 1 MiB at a time: memory stays small whatever the file's size.
    package static func copy(from source: String, to path: String, permissions: mode_t = 0o644) throws(FileError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw FileError(path: source, operation: "open", errno: errno) }
        defer { close(input) }
        try replace(path, permissions: permissions) { output, temporary in
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let n: Int
                do throws(SystemCall.Failure) {
                    n = try SystemCall.read(input, into: &buffer)
                } catch {
                    return FileError(path: source, operation: "read", errno: error.code)
                }
                if n == 0 { return nil }
                if let failure = buffer.withUnsafeBytes({ writeAll(output, UnsafeRawBufferPointer(rebasing: $0[0..<n]), temporary) }) { return failure }
            }
        }
    }

    /// Creates `path` and its missing parents (like `mkdir -p`).
    package static func createDirectories(_ path: String, permissions: mode_t = 0o755) throws(FileError) {
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

/// A file-system operation that failed, with the path and the system's reason.
package struct FileError: Error, CustomStringConvertible, Equatable {
    /// The file or directory concerned.
    package var path: String
    /// What was attempted, as a verb phrase ("create", "rename into place").
    package var operation: String
    /// The system's error number (`errno`).
    package var code: Int32

    package init(path: String, operation: String, errno code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    package var description: String {
        "cannot \(operation) \(path): \(String(cString: strerror(code)))"
    }
}
