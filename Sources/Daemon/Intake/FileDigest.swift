import Crypto
import StockcastCore

#if canImport(Glibc)
import Glibc
#endif

/// SHA-256 of an open file, read in 1 MiB chunks from where it stands to its end.
enum FileDigest {
    /// The hexadecimal digest and the number of bytes read.
    /// - Throws: the read's failure (an I/O error, say).
    static func sha256(_ fd: Int32) throws(SystemCall.Failure) -> (hex: String, size: Int) {
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var size = 0
        while true {
            let n = try SystemCall.read(fd, into: buffer)
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
