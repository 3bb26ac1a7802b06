import Foundation
import StockcastCore
#if canImport(Glibc)
import Glibc
#endif

/// The inbox directory and its folders: `.work/` (claimed files being processed),
/// `archive/` (accepted and duplicate files) and `rejected/`. The directory listing is the
/// truth about what has arrived; inotify events only say when to look.
struct Inbox: Sendable {
    let root: String
    var work: String { root + "/.work" }

    /// A file in the inbox that may be taken.
    struct Candidate: Equatable {
        var name: String
        var size: Int
        /// Modification time, nanoseconds since 1970.
        var modified: Int
    }

    /// Creates the inbox and its folders if missing.
    func prepare() throws {
        for dir in [root, work, root + "/archive", root + "/rejected"] {
            try AtomicFile.createDirectories(dir)
        }
    }

    /// Whether a name in the inbox is an input file: `.csv` in any case; not hidden, not a
    /// temporary name (`.tmp`, `.part`, `.partial`, `~`).
    static func accepts(_ name: String) -> Bool {
        let lower = name.lowercased()
        guard !name.hasPrefix("."), lower.hasSuffix(".csv") else { return false }
        return !["~", ".tmp", ".part", ".partial", ".swp"].contains { lower.hasSuffix($0) }
    }

    /// The regular files waiting in the inbox, oldest first (then by name).
    func candidates() -> [Candidate] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        var out: [Candidate] = []
        for name in names where Inbox.accepts(name) {
            guard let s = Inbox.status(root + "/" + name), s.isRegular else { continue }
            out.append(Candidate(name: name, size: s.size, modified: s.modified))
        }
        return out.sorted { ($0.modified, $0.name) < ($1.modified, $1.name) }
    }

    static func status(_ path: String) -> (isRegular: Bool, size: Int, modified: Int)? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        let modified = Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec)
        return ((st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size), modified)
    }

    /// Claims `name` by renaming it into `.work/` under a unique name that starts with a
    /// sequence number; returns that name. Fails (nil) when the file is gone.
    func claim(_ name: String, sequence: Int) -> String? {
        let prefix = "\(sequence)-"
        let workName = prefix + Inbox.truncated(name, toBytes: 250 - prefix.utf8.count)
        guard rename(root + "/" + name, work + "/" + workName) == 0 else { return nil }
        return workName
    }

    /// The original name encoded in a work name (possibly shortened).
    static func originalName(ofWorkName workName: String) -> String {
        guard let dash = workName.firstIndex(of: "-") else { return workName }
        return String(workName[workName.index(after: dash)...])
    }

    /// Files left in `.work/` (by a crash), oldest claim first.
    func leftoverWork() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: work)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted { (Int($0.prefix { $0 != "-" }) ?? 0, $0) < (Int($1.prefix { $0 != "-" }) ?? 0, $1) }
    }

    /// A free name in `folder` (`archive` or `rejected`) for a file called `name`: the name
    /// itself, or with `.1`, `.2`, … before its extension.
    func destination(for name: String, in folder: String) -> String {
        let directory = root + "/" + folder
        let base = Inbox.truncated(name, toBytes: 240)
        var candidate = base
        var n = 1
        while FileManager.default.fileExists(atPath: directory + "/" + candidate) {
            let ext = (base as NSString).pathExtension, stem = (base as NSString).deletingPathExtension
            candidate = ext.isEmpty ? "\(stem).\(n)" : "\(stem).\(n).\(ext)"
            n += 1
        }
        return folder + "/" + candidate
    }

    /// Moves a claimed file to its recorded destination (relative to the inbox). Succeeds when
    /// the file is already there.
    func settle(workName: String, destination: String) throws(DaemonError) {
        let from = work + "/" + workName, to = root + "/" + destination
        if rename(from, to) != 0 {
            let code = errno
            if code == ENOENT && FileManager.default.fileExists(atPath: to) { return }
            throw DaemonError.file(from, "move to \(to)", code)
        }
    }

    /// `name` cut to at most `bytes` UTF-8 bytes at a character boundary.
    static func truncated(_ name: String, toBytes bytes: Int) -> String {
        guard name.utf8.count > bytes else { return name }
        var out = ""
        for c in name where out.utf8.count + c.utf8.count <= bytes { out.append(c) }
        return out
    }
}
