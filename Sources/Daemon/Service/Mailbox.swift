import Synchronization

/// What the watcher and the signal handler tell the service loop, collected until the loop
/// takes them. The loop sleeps in `wait(until:)` until something arrives, a deadline passes or
/// shutdown wakes it.
final class Mailbox: Sendable {
    private struct State {
        var hints: [InboxHint] = []
        var waiter: CheckedContinuation<Void, Never>?
        var woken = false
        var reloadRequested = false

        var hasNews: Bool { !hints.isEmpty || woken || reloadRequested }

        /// Takes the waiter out, so that exactly one caller resumes it.
        mutating func takeWaiter() -> CheckedContinuation<Void, Never>? {
            defer { waiter = nil }
            return waiter
        }
    }
    private let state = Mutex(State())

    /// Adds a hint from the watcher, waking the loop.
    func push(_ hint: InboxHint) {
        state.withLock { s in
            s.hints.append(hint)
            return s.takeWaiter()
        }?.resume()
    }

    /// Asks the loop to read the configuration again, waking it.
    func requestReload() {
        state.withLock { s in
            s.reloadRequested = true
            return s.takeWaiter()
        }?.resume()
    }

    /// Ends a current or the next wait at once (shutdown).
    func wake() {
        state.withLock { s in
            s.woken = true
            return s.takeWaiter()
        }?.resume()
    }

    /// Whether a reload was asked for since the last call.
    func takeReloadRequest() -> Bool {
        state.withLock { s in
            defer { s.reloadRequested = false }
            return s.reloadRequested
        }
    }

    /// The hints that arrived since the last call.
    func takeHints() -> [InboxHint] {
        state.withLock { s in
            defer { s.hints = [] }
            return s.hints
        }
    }

    /// Returns when news is waiting, `deadline` has passed, or `wake()` was called: a sleep and a
    /// wait for news race in a task group, and the first to finish cancels the other.
    func wait(until deadline: ContinuousClock.Instant) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            group.addTask { await self.waitForNews() }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForNews() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.hasNews || Task.isCancelled { return true }
                    s.waiter = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            state.withLock { $0.takeWaiter() }?.resume()
        }
    }
}
