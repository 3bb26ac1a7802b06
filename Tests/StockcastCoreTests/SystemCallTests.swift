import Foundation
import StockcastCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SystemCallTests {
    /// More than a pipe holds at once goes through in full, and reads back byte for byte.
    @Test func aWriteGoesOutWholeAndReadsBack() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let (input, output) = (fds[0], fds[1])
        let writer = Thread {
            bytes.withUnsafeBytes { try? SystemCall.writeAll(output, $0) }
            close(output)
        }
        writer.start()
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = try SystemCall.read(input, into: &buffer)
            if n == 0 { break }
            received += buffer[0..<n]
        }
        close(input)
        #expect(received == bytes)
    }

    @Test func aFailedCallReportsItsErrorNumber() {
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(throws: SystemCall.Failure(code: EBADF)) { try SystemCall.read(-1, into: &buffer) }
    }
}
