#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `read(2)` and `write(2)` as every Stockcast file operation needs them: a call interrupted by
/// a signal (EINTR) is made again, and a write continues after a short write until every byte
/// is out. The one place those loops are written.
package enum SystemCall {
    /// A system call that failed, with the system's error number.
    package struct Failure: Error, Equatable {
        /// The system's error number (`errno`).
        package var code: Int32

        package init(code: Int32) {
            self.code = code
        }
    }

    /// Reads up to `buffer.count` bytes from `fd` into `buffer`; the number of bytes read, 0 at
    /// the end of the file.
    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        while true {
            let n = systemRead(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw Failure(code: errno) }
        }
    }

    /// `read(_:into:)` into an array's storage, from its start.
    package static func read(_ fd: Int32, into buffer: inout [UInt8]) throws(Failure) -> Int {
        var failure: Failure?
        let n = buffer.withUnsafeMutableBytes { bytes -> Int in
            do throws(Failure) {
                return try read(fd, into: bytes)
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        return n
    }

    /// Writes all of `bytes` to `fd`, however many calls that takes.
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(code: errno)
            }
            offset += n
        }
    }
}

/// `read(2)`; inside `SystemCall` the name `read` means `SystemCall.read`.
@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// `write(2)`, named like `systemRead`.
@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
