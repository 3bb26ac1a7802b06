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
        /// The name as text (`displayName` of `bytes`): what the ledger, the logs and the
        /// archive call it.
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

    /// The regular files waiting in the inbox, oldest first (then by name). Names are read as
    /// bytes (`readdir`), so that a name that is not UTF-8 is listed and can be claimed.
    func candidates() -> [Candidate] {
        guard let directory = opendir(root) else { return [] }
        defer { closedir(directory) }
        let prefix = Array(root.utf8) + [UInt8(ascii: "/")]
        var out: [Candidate] = []
        while let entry = readdir(directory) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            let name = Inbox.displayName(bytes)
            guard Inbox.accepts(name), let s = Inbox.status(prefix + bytes), s.isRegular else { continue }
            out.append(Candidate(name: name, size: s.size, modified: s.modified, bytes: bytes))
        }
        return out.sorted { ($0.modified, $0.name) < ($1.modified, $1.name) }
    }

    /// A file name's bytes as text: UTF-8 as it is; a byte that is not part of valid UTF-8
    /// (say Latin-1 `é`, 0xE9) written `%E9`.
    static func displayName(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var out = ""
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            let length = lead < 0x80 ? 1 : lead < 0xC2 ? 0 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : lead < 0xF5 ? 4 : 0
            if length > 0, i + length <= bytes.count, let text = String(validating: bytes[i..<(i + length)], as: UTF8.self) {
                out += text
                i += length
            } else {
                let hex = String(lead, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
                i += 1
            }
        }
        return out
    }

    static func status(_ path: [UInt8]) -> (isRegular: Bool, size: Int, modified: Int)? {
        var st = stat()
        guard Inbox.withCString(path, { lstat($0, &st) }) == 0 else { return nil }
        let modified = Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec)
        return ((st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size), modified)
    }

    /// Calls `body` with `bytes` as a NUL-terminated C string.
    static func withCString<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        (bytes + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }

    /// Claims a listed file by renaming it into `.work/` under a unique name that starts with a
    /// sequence number and goes on with its name as text; returns that name. Fails (nil) when
    /// the file is gone.
    func claim(_ candidate: Candidate, sequence: Int) -> String? {
        let prefix = "\(sequence)-"
        let workName = prefix + Inbox.truncated(candidate.name, toBytes: 250 - prefix.utf8.count)
        let from = Array(root.utf8) + [UInt8(ascii: "/")] + candidate.bytes
        let claimed = Inbox.withCString(from) { rename($0, work + "/" + workName) }
        return claimed == 0 ? workName : nil
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
