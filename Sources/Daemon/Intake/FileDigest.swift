import Crypto
import StockcastCore

#if canImport(Glibc)
import Glibc
#endif

/// SHA-256 of a file, read in 1 MiB chunks.
enum FileDigest {
    static func sha256(path: String) throws(DaemonError) -> (hex: String, size: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DaemonError.file(path, "open for hashing", errno) }
        defer { close(fd) }
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var size = 0
        while true {
            let n: Int
            do throws(SystemCall.Failure) {
                n = try SystemCall.read(fd, into: buffer)
            } catch {
                throw DaemonError.file(path, "read for hashing", error.code)
            }
            if n == 0 { break }
            size += n
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        let hex = hasher.finalize().map { byte in
            let s = String(byte, radix: 16)
            return byte < 16 ? "0" + s : s
        }.joined()
        return (hex, size)
    }
}
