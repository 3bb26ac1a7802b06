/// The service loop's decisions, as a value type a test can drive with made-up listings and
/// clocks: which inbox files are ready to take, when to publish, when to retry a failed
/// publication, and when to look again.
///
/// A file renamed into the inbox (a hint says so) is ready at once; one written in place once its
/// size and modification time have held still for the settle time. A run is published when no
/// file is ready any more and none is settling — or, while files keep settling, after at most
/// `maximumDeferral` — so that a burst of files trains each product once. After a failed
/// publication the next try waits `firstRetryDelay`, doubling with each failure up to the rescan
/// interval, so that a lasting problem is retried calmly. A claimed file that cannot be stored
/// (a locked database, a full disk) is retried the same way, and no later file is taken before
/// it. With `once`, every listed file is ready and a failed publication ends the run.
struct IntakeSchedule<Instant: InstantProtocol> where Instant.Duration == Duration {
    /// A file the inbox listing shows.
    struct Listed: Equatable {
        var name: String
        var size: Int
        /// Modification time, nanoseconds since 1970.
        var modified: Int
    }

    /// What the loop does next.
    enum Step: Equatable {
        /// Take these files, in this order, then ask again.
        case take([String])
        /// Publish a run (after recovering files a failed run could not move, when `recoverFirst`).
        case publish(recoverFirst: Bool)
        /// Try again to store the file that could not be stored (nothing later is taken before it).
        case retryIntake
        /// Sleep until this instant, or until a hint, a signal or shutdown wakes the loop.
        case wait(until: Instant)
        /// `once`: nothing more to do.
        case finish
    }

    /// Longest that publication waits for files still settling.
    static var maximumDeferral: Duration { .seconds(10) }
    /// Wait before retrying a failed publication; it doubles with each failure, up to the
    /// rescan interval.
    static var firstRetryDelay: Duration { .seconds(1) }

    let once: Bool
    private var seen: [String: (size: Int, modified: Int, since: Instant)] = [:]
    private var renamed: Set<String> = []
    private var deferredSince: Instant?
    private(set) var processedSincePublish = false
    private(set) var retryAt: Instant?
    private(set) var retryDelay: Duration = firstRetryDelay
    /// While a claimed file cannot be stored: when to try it again.
    private(set) var intakeRetryAt: Instant?
    private var intakeRetryDelay: Duration = firstRetryDelay

    init(once: Bool) {
        self.once = once
    }

    /// Notes that `name` was renamed into the inbox (it need not settle).
    mutating func renamedIn(_ name: String) {
        renamed.insert(name)
    }

    /// Whether the loop must ask the store for pending work before `next` can decide (no file
    /// was taken since the last publication).
    var needsStoreCheck: Bool { !processedSincePublish }

    /// The next step, given the inbox `listing` at `now`, the settle time and rescan interval,
    /// and whether the store holds work waiting for publication.
    mutating func next(listing: [Listed], now: Instant, settle: Duration, rescan: Duration, storeHasWork: Bool) -> Step {
        var ready: [String] = []
        var settling = false
        var nextWake = now.advanced(by: rescan)
        for c in listing {
            if once || renamed.contains(c.name) {
                ready.append(c.name)
            } else if let s = seen[c.name], s.size == c.size, s.modified == c.modified {
                if s.since.duration(to: now) >= settle {
                    ready.append(c.name)
                } else {
                    settling = true
                    nextWake = min(nextWake, s.since.advanced(by: settle))
                }
            } else {
                seen[c.name] = (c.size, c.modified, now)
                settling = true
                nextWake = min(nextWake, now.advanced(by: settle))
            }
        }
        let present = Set(listing.map(\.name))
        seen = seen.filter { present.contains($0.key) }
        renamed = renamed.filter { present.contains($0) }
        if let at = intakeRetryAt {
            // A claimed file could not be stored: it goes first, and nothing else happens until it is.
            return now >= at ? .retryIntake : .wait(until: min(nextWake, at))
        }
        if !ready.isEmpty { return .take(ready) }

        var pending = processedSincePublish || storeHasWork
        if pending, !once, let at = retryAt, now < at {
            pending = false  // the last publication failed: wait before trying again
            nextWake = min(nextWake, at)
        }
        if pending {
            if settling && !once { deferredSince = deferredSince ?? now }
            if !settling || once || deferredSince!.duration(to: now) >= Self.maximumDeferral {
                return .publish(recoverFirst: retryAt != nil)
            }
        }
        return once ? .finish : .wait(until: nextWake)
    }

    /// Notes that `name` was taken (`recorded`: it reached the ledger).
    mutating func took(_ name: String, recorded: Bool) {
        if recorded { processedSincePublish = true }
        seen[name] = nil
        renamed.remove(name)
    }

    /// Notes at `now` that a claimed file could not be stored; returns the delay before it is
    /// tried again (doubling with each failure, up to the rescan interval).
    mutating func intakeBlocked(at now: Instant, rescan: Duration) -> Duration {
        let delay = intakeRetryDelay
        intakeRetryAt = now.advanced(by: delay)
        intakeRetryDelay = min(intakeRetryDelay * 2, max(rescan, Self.firstRetryDelay))
        return delay
    }

    /// Notes that the claimed files are stored again (what they changed waits for publication).
    mutating func intakeRecovered() {
        intakeRetryAt = nil
        intakeRetryDelay = Self.firstRetryDelay
        processedSincePublish = true
    }

    /// Notes a successful publication.
    mutating func published() {
        processedSincePublish = false
        deferredSince = nil
        retryAt = nil
        retryDelay = Self.firstRetryDelay
    }

    /// Notes a failed publication at `now`; returns the delay before the next try.
    mutating func publicationFailed(at now: Instant, rescan: Duration) -> Duration {
        processedSincePublish = false
        deferredSince = nil
        let delay = retryDelay
        retryAt = now.advanced(by: delay)
        retryDelay = min(retryDelay * 2, max(rescan, Self.firstRetryDelay))
        return delay
    }
}
