import StockcastCore

#if canImport(Glibc)
import Glibc
#endif

/// A claimed inbox file open for reading: a regular file, the very one that was claimed, opened
/// without following a link and without waiting on a pipe. Hashing and parsing both read this
/// descriptor, so what is hashed is what is parsed. Closed when released.
final class ClaimedFile {
    let fd: Int32
    /// Bytes, when it was opened.
    let size: Int

    init(fd: Int32, size: Int) {
        self.fd = fd
        self.size = size
    }

    deinit { close(fd) }

    /// Goes back to the first byte (after hashing, before parsing).
    func rewind() throws(DaemonError) {
        guard lseek(fd, 0, SEEK_SET) == 0 else { throw DaemonError("cannot go back to the start of a claimed file: \(String(cString: strerror(errno)))") }
    }
}

/// Why a claimed file is rejected without being read.
struct Refusal: Error, Equatable {
    /// In words a person can act on.
    var reason: String
    /// Bytes, as far as known (0 for what is not a file).
    var size: Int
    /// True when a regular file could not be opened or read (permissions, an I/O error): a problem
    /// of the machine rather than of the export; `run --once` then fails.
    var unreadable: Bool
}

extension Inbox {
    /// Opens the file claimed as `workName`: `.file` when it is a regular file that could be
    /// opened, `.refused` (never opened) when it is a symbolic link, pipe, socket, device or
    /// directory, and `.refused` with `unreadable` when opening it failed.
    /// - Throws: `DaemonError` when the inbox's folders cannot be opened or the file is gone.
    func openClaimed(_ workName: String) throws(DaemonError) -> Result<ClaimedFile, Refusal> {
        let folders = try openFolders()
        var claimed = stat()
        guard fstatat(folders.work.fd, workName, &claimed, AT_SYMLINK_NOFOLLOW) == 0 else {
            throw DaemonError.file(work + "/" + workName, "examine", errno)
        }
        let kind = claimed.st_mode & S_IFMT
        guard kind == S_IFREG else { return .failure(Refusal(reason: Inbox.notAFile(kind), size: 0, unreadable: false)) }
        // O_NOFOLLOW and O_NONBLOCK: were it swapped for a link or a pipe since, the open fails
        // or returns at once instead of following the link or waiting for a writer.
        let fd = openat(folders.work.fd, workName, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ELOOP { return .failure(Refusal(reason: Inbox.notAFile(S_IFLNK), size: 0, unreadable: false)) }
            return .failure(Refusal(reason: Inbox.cannotRead(code), size: Int(claimed.st_size), unreadable: true))
        }
        var opened = stat()
        guard fstat(fd, &opened) == 0, opened.st_mode & S_IFMT == S_IFREG, opened.st_dev == claimed.st_dev,
            opened.st_ino == claimed.st_ino
        else {
            close(fd)
            return .failure(
                Refusal(
                    reason: "was replaced while Stockcast was taking it, so it was not read; deliver it again",
                    size: 0, unreadable: false))
        }
        return .success(ClaimedFile(fd: fd, size: Int(opened.st_size)))
    }

    /// Why something that is not a regular file was not read.
    static func notAFile(_ kind: mode_t) -> String {
        let what =
            switch kind {
            case S_IFLNK: "a symbolic link"
            case S_IFIFO: "a named pipe (FIFO)"
            case S_IFSOCK: "a socket"
            case S_IFCHR: "a character device"
            case S_IFBLK: "a block device"
            case S_IFDIR: "a directory"
            default: "not a regular file"
            }
        let never = kind == S_IFLNK ? "Stockcast never follows links in its inbox and" : "Stockcast"
        return "is \(what), not a file: \(never) did not read it; deliver the file itself"
    }

    /// Why a regular file could not be opened or read (system error `code`).
    static func cannotRead(_ code: Int32) -> String {
        guard code == EACCES || code == EPERM else {
            return "cannot be read: \(String(cString: strerror(code)).lowercased()); deliver it again"
        }
        let uid = geteuid()
        let user = getpwuid(uid).map { String(cString: $0.pointee.pw_name) } ?? "uid \(uid)"
        return "cannot be read: permission denied (Stockcast runs as \(user)); make it readable by that user and deliver it again"
    }
}
