#if canImport(Glibc)
import Glibc
#endif

/// Which file a path names: its device and inode (`lstat`), so that a file deleted, or replaced
/// by another of the same name, is told from the one that was opened.
package struct FileIdentity: Sendable, Equatable {
    package var device: UInt64
    package var inode: UInt64

    /// The identity of what `path` names now; nil when nothing does.
    package init?(path: String) {
        var s = stat()
        guard lstat(path, &s) == 0 else { return nil }
        device = UInt64(s.st_dev)
        inode = UInt64(s.st_ino)
    }
}
