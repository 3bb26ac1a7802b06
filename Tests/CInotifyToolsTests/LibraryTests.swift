import CInotifyTools
import Testing

/// The system library is found, links and answers. (Watching is tested through the daemon's
/// watcher: libinotifytools keeps process-global state, so only one test may watch at a time.)
@Suite struct LibraryTests {
    @Test func eventNamesTranslateToTheKernelsMasks() {
        #expect(inotifytools_str_to_event("close_write") == Int32(IN_CLOSE_WRITE))
        #expect(inotifytools_str_to_event("moved_to") == Int32(IN_MOVED_TO))
        #expect(String(cString: inotifytools_event_to_str(Int32(IN_MOVED_TO))) == "MOVED_TO")
    }
}
