import Foundation
import Logging
import StockcastCore

#if canImport(Glibc)
import Glibc
#endif

/// The inbox directory and its folders: `.work/` (claimed files being processed),
/// `archive/` (accepted and duplicate files) and `rejected/`. The directory listing is the
/// truth about what has arrived; inotify events only say when to look.
///
/// Nothing in the inbox is followed: the inbox and its folders are opened with `O_NOFOLLOW`
/// and every name is resolved relative to them (`renameat`, `openat`), so a symbolic link in
/// their place, or in place of a file, never leads the daemon elsewhere (`InboxFolders.swift`,
/// `ClaimedFile.swift`).
struct Inbox: Sendable {
    let root: String
    let logger: Logger
    /// The inbox's problem while it has one (a folder that is a link), for the log and status.json.
    let problems = InboxProblem()
    var work: String { root + "/" + Folder.work.rawValue }

    /// An inbox at `root`; `logger` hears when a folder is made again or the inbox is unusable.
    init(root: String, logger: Logger = Logger(label: "stockcast")) {
        // "inbox/" would resolve a link named inbox: the name is used without its trailing slashes.
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
        self.logger = logger
    }

    /// Something named like an input file in the inbox: a regular file, or a link, pipe, socket
    /// or device that will be rejected unread (directories are not candidates).
    struct Candidate: Equatable {
        /// The name as text (`FileName.display` of `bytes`): what the logs and the archive call it.
        var name: String
        var size: Int
        /// Modification time, nanoseconds since 1970.
        var modified: Int
        /// The name as the file system spells it (file names are bytes, not necessarily UTF-8).
        var bytes: [UInt8]

        init(name: String, size: Int, modified: Int, bytes: [UInt8]? = nil) {
            self.name = name
            self.size = size
            self.modified = modified
            self.bytes = bytes ?? Array(name.utf8)
        }

        /// The name's identity (`FileName.key`): what the ledger and the alerts go by.
        var key: String { FileName.key(bytes) }
    }

    /// Creates the inbox and its folders if missing.
    /// - Throws: `DaemonError` when the inbox or one of its folders is a symbolic link or not a
    ///   directory: the daemon refuses to start rather than follow it.
    func prepare() throws(DaemonError) {
        let parent = (root as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != root {
            do throws(FileError) { try AtomicFile.createDirectories(parent) } catch { throw DaemonError("\(error)") }
        }
        _ = try openFolders(announcing: false)
    }

    /// Whether a name in the inbox is an input file: `.csv` in any case; not hidden, not a
    /// temporary name (`.tmp`, `.part`, `.partial`, `~`).
    static func accepts(_ name: String) -> Bool {
        let lower = name.lowercased()
        guard !name.hasPrefix("."), lower.hasSuffix(".csv") else { return false }
        return !["~", ".tmp", ".part", ".partial", ".swp"].contains { lower.hasSuffix($0) }
    }

    /// What waits in the inbox, oldest first (then by name). Names are read as bytes
    /// (`readdir`), so that a name that is not UTF-8 is listed and can be claimed. Checks the
    /// inbox's folders first (`openFolders`): while the inbox is unusable nothing is listed, and
    /// the log says why once.
    func candidates() -> [Candidate] {
        let folders: InboxFolders
        do throws(DaemonError) {
            folders = try openFolders()
        } catch {
            report(error.description)
            return []
        }
        report(nil)
        return Inbox.entries(of: folders.root).compactMap { bytes -> Candidate? in
            let name = FileName.display(bytes)
            var st = stat()
            guard Inbox.accepts(name), Inbox.withCString(bytes, { fstatat(folders.root.fd, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0,
                st.st_mode & S_IFMT != S_IFDIR
            else { return nil }
            let modified = Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec)
            return Candidate(name: name, size: Int(st.st_size), modified: modified, bytes: bytes)
        }.sorted { ($0.modified, $0.name) < ($1.modified, $1.name) }
    }

    /// The names in an open directory, as bytes (without `.` and `..`).
    static func entries(of directory: DirectoryHandle) -> [[UInt8]] {
        let copy = dup(directory.fd)
        guard copy >= 0 else { return [] }
        guard let stream = fdopendir(copy) else {
            close(copy)
            return []
        }
        defer { closedir(stream) }
        rewinddir(stream)
        var out: [[UInt8]] = []
        while let entry = readdir(stream) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if bytes != [0x2E] && bytes != [0x2E, 0x2E] { out.append(bytes) }
        }
        return out
    }

    /// A file name's bytes as text (`FileName.display`).
    static func displayName(_ bytes: [UInt8]) -> String {
        FileName.display(bytes)
    }

    /// Calls `body` with `bytes` as a NUL-terminated C string.
    static func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        (bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }

    /// Claims a listed file by renaming it into `.work/` under a unique name that starts with a
    /// sequence number and goes on with its name's key; returns that name, or nil when the file
    /// is gone. Whatever the name holds is moved as it is (a link is not followed).
    /// - Throws: `DaemonError` when the inbox's folders cannot be used or the move fails.
    func claim(_ candidate: Candidate, sequence: Int) throws(DaemonError) -> String? {
        let folders = try openFolders()
        let prefix = "\(sequence)-"
        let workName = prefix + FileName.truncatedKey(candidate.key, toBytes: 250 - prefix.utf8.count)
        guard Inbox.withCString(candidate.bytes, { renameat(folders.root.fd, $0, folders.work.fd, workName) }) != 0 else {
            return workName
        }
        guard errno != ENOENT else { return nil }
        throw DaemonError.file(root + "/" + candidate.name, "move into .work/", errno)
    }

    /// The key of the original name encoded in a work name (possibly shortened).
    static func originalKey(ofWorkName workName: String) -> String {
        guard let dash = workName.firstIndex(of: "-") else { return workName }
        return String(workName[workName.index(after: dash)...])
    }

    /// The original name, as text, encoded in a work name (possibly shortened).
    static func originalName(ofWorkName workName: String) -> String {
        let key = originalKey(ofWorkName: workName)
        return FileName.bytes(ofKey: key).map(FileName.display) ?? key
    }

    /// Files left in `.work/` (by a crash), oldest claim first.
    func leftoverWork() throws(DaemonError) -> [String] {
        let names = Inbox.entries(of: try openFolders().work).map(FileName.display).filter { !$0.hasPrefix(".") }
        return names.sorted { (Int($0.prefix { $0 != "-" }) ?? 0, $0) < (Int($1.prefix { $0 != "-" }) ?? 0, $1) }
    }

    /// A free name in `folder` (`archive` or `rejected`) for a file called `name`, relative to
    /// the inbox: the name itself, or with `.1`, `.2`, … before its extension. A name too long
    /// for that keeps its extension and loses the end of its stem.
    func destination(for name: String, in folder: Folder) throws(DaemonError) -> String {
        let directory = try openFolders().handle(folder)
        let (stem, ext) = Inbox.stemAndExtension(name, maximumBytes: 240)
        var n = 0
        while true {
            let candidate = stem + (n == 0 ? "" : ".\(n)") + ext
            var st = stat()
            if fstatat(directory.fd, candidate, &st, AT_SYMLINK_NOFOLLOW) != 0 {
                guard errno == ENOENT else { throw DaemonError.file(root + "/" + folder.rawValue + "/" + candidate, "examine", errno) }
                return folder.rawValue + "/" + candidate
            }
            n += 1
        }
    }

    /// `name` as a stem and an extension (with its dot; empty when it has none), the stem cut at
    /// a character boundary so that both fit in `maximumBytes`.
    static func stemAndExtension(_ name: String, maximumBytes: Int) -> (stem: String, ext: String) {
        var stem = name, ext = ""
        if let dot = name.lastIndex(of: "."), dot != name.startIndex, name.utf8.count - name[..<dot].utf8.count <= 16 {
            stem = String(name[..<dot])
            ext = String(name[dot...])
        }
        return (truncated(stem, toBytes: maximumBytes - ext.utf8.count), ext)
    }

    /// Moves a claimed file to its recorded destination (relative to the inbox). Succeeds when
    /// the file is already there.
    func settle(workName: String, destination: String) throws(DaemonError) {
        guard let (folder, leaf) = Inbox.split(destination) else { throw DaemonError("\(destination) is not a folder of the inbox") }
        let folders = try openFolders()
        let target = folders.handle(folder)
        guard renameat(folders.work.fd, workName, target.fd, leaf) != 0 else { return }
        let code = errno
        var st = stat()
        if code == ENOENT && fstatat(target.fd, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0 { return }
        throw DaemonError.file(work + "/" + workName, "move to \(root)/\(destination)", code)
    }

    /// `name` cut to at most `bytes` UTF-8 bytes at a character boundary.
    static func truncated(_ name: String, toBytes bytes: Int) -> String {
        guard name.utf8.count > bytes else { return name }
        var out = ""
        for c in name {
            guard out.utf8.count + c.utf8.count <= bytes else { break }
            out.append(c)
        }
        return out
    }
}
