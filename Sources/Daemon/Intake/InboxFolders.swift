import Logging
import StockcastCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A directory open for `*at` system calls; closed when released.
final class DirectoryHandle {
    let fd: Int32

    init(_ fd: Int32) {
        self.fd = fd
    }

    deinit { close(fd) }
}

/// The inbox and its three folders, opened together (`Inbox.openFolders`).
struct InboxFolders {
    let root: DirectoryHandle
    let work: DirectoryHandle
    let archive: DirectoryHandle
    let rejected: DirectoryHandle

    func handle(_ folder: Inbox.Folder) -> DirectoryHandle {
        switch folder {
        case .work: return work
        case .archive: return archive
        case .rejected: return rejected
        }
    }
}

/// The last problem the inbox had, so that a lasting one is logged once, not at every look.
final class InboxProblem: Sendable {
    private let current = Mutex<String?>(nil)

    /// Records `problem` (nil: none); returns true when it differs from the one before.
    func note(_ problem: String?) -> Bool {
        current.withLock { last in
            defer { last = problem }
            return last != problem
        }
    }

    var message: String? { current.withLock { $0 } }
}

extension Inbox {
    /// The folders the daemon keeps inside the inbox.
    enum Folder: String, CaseIterable, Sendable {
        /// Claimed files while they are read and recorded.
        case work = ".work"
        /// Accepted files and duplicates.
        case archive
        /// Rejected files.
        case rejected
    }

    /// Opens the inbox and its folders as directories, never through a symbolic link (a link
    /// could lead the daemon to read, or move files, outside its directories). One that is
    /// missing — deleted while the daemon runs — is made again, and the log says so. Done at
    /// every listing (so at least every `rescanSeconds`) and before every claim and move.
    /// - Throws: `DaemonError` naming the directory and what to do when one is a symbolic link,
    ///   is not a directory or cannot be opened.
    /// `announcing` false (at start) makes missing folders without a word.
    func openFolders(announcing: Bool = true) throws(DaemonError) -> InboxFolders {
        let root = try openDirectory(nil, announcing: announcing)
        return InboxFolders(
            root: root, work: try openDirectory(.work, in: root, announcing: announcing),
            archive: try openDirectory(.archive, in: root, announcing: announcing),
            rejected: try openDirectory(.rejected, in: root, announcing: announcing))
    }

    /// Whether the file at `relative` (`rejected/…` or `archive/…`) is in the inbox; true when the
    /// folder cannot be looked at (nothing is concluded from a problem of the inbox).
    func holds(_ relative: String) -> Bool {
        guard let (folder, leaf) = Inbox.split(relative), let folders = try? openFolders() else { return true }
        var st = stat()
        return fstatat(folders.handle(folder).fd, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT
    }

    /// `archive/x.csv` as its folder and its name there.
    static func split(_ relative: String) -> (Folder, String)? {
        guard let slash = relative.firstIndex(of: "/"), let folder = Folder(rawValue: String(relative[..<slash])) else { return nil }
        return (folder, String(relative[relative.index(after: slash)...]))
    }

    /// Opens the inbox (`folder` nil) or one of its folders, making it when missing.
    private func openDirectory(_ folder: Folder?, in root: DirectoryHandle? = nil, announcing: Bool) throws(DaemonError) -> DirectoryHandle {
        let path = folder.map { self.root + "/" + $0.rawValue } ?? self.root
        let flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
        func attempt() -> Int32 {
            if let root, let folder { return openat(root.fd, folder.rawValue, flags) }
            return open(path, flags)
        }
        var fd = attempt()
        if fd < 0 && errno == ENOENT {
            let made = if let root, let folder { mkdirat(root.fd, folder.rawValue, 0o755) } else { mkdir(path, 0o755) }
            if made == 0 && announcing {
                logger.notice("inbox folder recreated", metadata: ["folder": "\(path)"])
            } else if made != 0 && errno != EEXIST {
                throw DaemonError.file(path, "create the inbox folder", errno)
            }
            fd = attempt()
        }
        guard fd >= 0 else {
            let code = errno
            var st = stat()
            let exists = if let root, let folder { fstatat(root.fd, folder.rawValue, &st, AT_SYMLINK_NOFOLLOW) == 0 } else { lstat(path, &st) == 0 }
            let fix =
                folder == nil
                ? "replace it with a directory, or set `inbox` to the directory itself"
                : "replace it with a directory, or remove it and Stockcast makes the folder"
            if exists && st.st_mode & S_IFMT == S_IFLNK {
                throw DaemonError(
                    "\(path) is a symbolic link: Stockcast never follows links in its inbox (they could lead it to read or move files elsewhere); \(fix)")
            }
            if exists && st.st_mode & S_IFMT != S_IFDIR {
                throw DaemonError("\(path) is not a directory; \(fix)")
            }
            throw DaemonError.file(path, "open the inbox folder", code)
        }
        return DirectoryHandle(fd)
    }

    /// Logs a problem of the inbox when it starts and when it ends (not at every look).
    func report(_ problem: String?) {
        guard problems.note(problem) else { return }
        if let problem {
            logger.error("inbox unusable, no file is taken: \(problem)")
        } else {
            logger.notice("inbox usable again")
        }
    }
}
