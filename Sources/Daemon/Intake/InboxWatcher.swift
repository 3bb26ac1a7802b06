import CInotifyTools
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A hint that the inbox should be looked at. Events are hints, never facts: they merge,
/// repeat, and are lost on overflow, so the listing decides what is there.
enum InboxHint: Sendable, Equatable {
    /// A file was closed after writing (`renamed` false) or renamed into the inbox (true).
    case file(name: String, renamed: Bool)
    /// Look at everything: the watch was re-established (the inbox was deleted or moved).
    case rescan
    /// Look at everything: the kernel's event queue overflowed, and events were lost.
    case overflow
}

/// Watches the inbox with libinotifytools on one dedicated thread (the library keeps global,
/// unsynchronised state and a static event buffer: every call happens on that thread).
///
/// The thread waits at most one second per call, so a stop takes effect within a second. When
/// the inbox is deleted or moved away, it recreates the directory, watches it again and asks
/// for a rescan: libinotifytools reports stale paths after `MOVE_SELF`, so the old watch is
/// dropped entirely (`inotifytools_cleanup`). Events can be lost (a queue overflow drops
/// `DELETE_SELF` as well), so the thread also checks once a second that the path still names
/// the directory it watches (device and inode), and at once on `IN_IGNORED`; the watch never
/// follows a symbolic link (`IN_DONT_FOLLOW`, `IN_ONLYDIR`). The inbox's folders are the
/// listing's business (`Inbox.openFolders`), which the rescan runs.
final class InboxWatcher: Sendable {
    let directory: String
    private let stopping = Atomic<Bool>(false)
    private let finished = Mutex<[CheckedContinuation<Void, Never>]?>([])
    /// libinotifytools is process-global: one watcher at a time.
    private static let running = Atomic<Bool>(false)

    init(directory: String) {
        self.directory = directory
    }

    /// Starts watching and returns the hints once the watch is in place, so that a listing
    /// made afterwards misses nothing.
    func start() async throws(DaemonError) -> AsyncStream<InboxHint> {
        guard InboxWatcher.running.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            throw DaemonError("another inbox watcher is already running in this process")
        }
        let (stream, continuation) = AsyncStream.makeStream(of: InboxHint.self, bufferingPolicy: .unbounded)
        let directory = self.directory
        let ready: Result<Void, DaemonError> = await withCheckedContinuation { started in
            let thread = Thread { [self] in
                self.loop(directory: directory, hints: continuation, started: started)
            }
            thread.name = "inotify-reader"
            thread.start()
        }
        if case let .failure(error) = ready {
            await stop()
            throw error
        }
        continuation.onTermination = { [weak self] _ in self?.stopping.store(true, ordering: .relaxed) }
        return stream
    }

    /// Stops the thread and waits until it has released libinotifytools.
    func stop() async {
        stopping.store(true, ordering: .relaxed)
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let alreadyDone = finished.withLock { waiting -> Bool in
                guard waiting != nil else { return true }
                waiting!.append(done)
                return false
            }
            if alreadyDone { done.resume() }
        }
    }

    private static let mask = Int32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF) | Int32(IN_ONLYDIR | IN_DONT_FOLLOW)

    /// The device and inode `directory` names (not following a link), nil when it is not a directory.
    private static func identity(_ directory: String) -> [UInt64]? {
        var st = stat()
        guard lstat(directory, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return nil }
        return [UInt64(st.st_dev), UInt64(st.st_ino)]
    }

    private func watch(_ directory: String) -> Int32? {
        guard inotifytools_initialize() != 0 else { return inotifytools_error() }
        guard inotifytools_watch_file(directory, InboxWatcher.mask) != 0 else {
            let code = inotifytools_error()
            inotifytools_cleanup()
            return code
        }
        return nil
    }

    private func loop(
        directory: String, hints: AsyncStream<InboxHint>.Continuation,
        started: CheckedContinuation<Result<Void, DaemonError>, Never>
    ) {
        defer {
            hints.finish()
            let waiting = finished.withLock { w -> [CheckedContinuation<Void, Never>] in
                let list = w ?? []
                w = nil
                return list
            }
            InboxWatcher.running.store(false, ordering: .relaxed)
            for c in waiting { c.resume() }
        }
        if let code = watch(directory) {
            started.resume(returning: .failure(.file(directory, "watch", code)))
            return
        }
        started.resume(returning: .success(()))
        var watched = Self.identity(directory)
        var checked = ContinuousClock.now
        // IN_IGNORED is not among them: it follows DELETE_SELF, and after a re-watch the library may
        // still hand out one left in its buffer from the old watch; it only makes the identity
        // check run at once.
        let gone = UInt32(bitPattern: IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)
        while !stopping.load(ordering: .relaxed) {
            let event = inotifytools_next_event(1)  // nil: timeout or error, poll again
            let mask = event?.pointee.mask ?? 0
            var lost = mask & gone != 0
            if !lost && (mask & UInt32(bitPattern: IN_IGNORED) != 0 || ContinuousClock.now - checked >= .seconds(1)) {
                checked = ContinuousClock.now
                lost = Self.identity(directory) != watched
            }
            if lost {
                // The watch is dead or follows a moved directory: start over on a fresh one.
                inotifytools_cleanup()
                while !stopping.load(ordering: .relaxed) {
                    mkdir(directory, 0o755)
                    if watch(directory) == nil { break }
                    sleep(1)
                }
                if stopping.load(ordering: .relaxed) { return }
                watched = Self.identity(directory)
                hints.yield(.rescan)
                continue
            }
            guard let event else { continue }
            if mask & UInt32(bitPattern: IN_Q_OVERFLOW) != 0 {
                hints.yield(.overflow)
                continue
            }
            guard mask & UInt32(bitPattern: IN_ISDIR) == 0, event.pointee.len > 0 else { continue }
            // The name is the NUL-terminated string after the fixed 16-byte header; as bytes, since
            // a file name need not be UTF-8 (named as the inbox listing names it).
            let raw = UnsafeRawBufferPointer(
                start: UnsafeRawPointer(event).advanced(by: MemoryLayout<inotify_event>.size),
                count: Int(event.pointee.len))
            let name = Inbox.displayName(Array(raw.prefix { $0 != 0 }))
            hints.yield(.file(name: name, renamed: mask & UInt32(bitPattern: IN_MOVED_TO) != 0))
        }
        inotifytools_cleanup()
    }
}
