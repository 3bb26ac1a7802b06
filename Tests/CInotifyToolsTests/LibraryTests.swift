import CInotifyTools
import Foundation
import Testing

/// The system library links and delivers a close-after-write event for a file in a watched
/// directory. libinotifytools is process-global and not thread-safe: one serialized suite.
@Suite(.serialized) struct LibraryTests {
    @Test func closeWriteOfANewFileIsReported() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stockcast-inotify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(inotifytools_initialize() != 0)
        defer { inotifytools_cleanup() }
        #expect(inotifytools_watch_file(dir, Int32(IN_CLOSE_WRITE | IN_MOVED_TO)) != 0)
        try Data("Date,Product_ID,Sales,Returns\n".utf8).write(to: URL(fileURLWithPath: dir + "/drop.csv"))

        let event = try #require(inotifytools_next_event(2), "no event within 2 s")
        #expect(event.pointee.mask & UInt32(bitPattern: IN_CLOSE_WRITE) != 0)
        // The name is the NUL-terminated string after the fixed 16-byte header.
        let name = String(cString: UnsafeRawPointer(event).advanced(by: MemoryLayout<inotify_event>.size)
            .assumingMemoryBound(to: CChar.self))
        #expect(name == "drop.csv")
    }
}
