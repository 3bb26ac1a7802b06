import StockcastCore

/// An alert that is firing, as remembered between runs.
package struct ActiveAlert: Sendable, Equatable, Codable {
    package var fingerprint: String
    package var name: AlertName
    package var subject: String
    package var summary: String
    /// When it started firing (seconds since 1970, UTC).
    package var startsAt: Double

    package init(fingerprint: String, name: AlertName, subject: String, summary: String, startsAt: Double) {
        self.fingerprint = fingerprint
        self.name = name
        self.subject = subject
        self.summary = summary
        self.startsAt = startsAt
    }
}

/// An alert that stopped firing in a run.
package struct ResolvedAlert: Sendable, Equatable {
    package var alert: ActiveAlert
    /// When it stopped firing (seconds since 1970, UTC).
    package var endsAt: Double

    package init(alert: ActiveAlert, endsAt: Double) {
        self.alert = alert
        self.endsAt = endsAt
    }
}

/// What changed in one run.
package struct AlertTransition: Sendable, Equatable {
    /// Everything firing after the run.
    package var active: [ActiveAlert]
    /// Alerts that started firing in this run.
    package var started: [ActiveAlert]
    /// Alerts that stopped firing in this run.
    package var resolved: [ResolvedAlert]

    package var isEmpty: Bool { started.isEmpty && resolved.isEmpty }
}

/// Fires an alert once and resolves it once: compares the conditions that hold now with the
/// alerts active before, for the subjects this run evaluated (others are left as they were).
package enum AlertLifecycle {
    /// - Parameters:
    ///   - active: alerts firing before this run.
    ///   - conditions: conditions that hold now, for the subjects in `evaluated`.
    ///   - evaluated: the (alert name, subject) pairs this run looked at; an active alert among
    ///     them whose condition no longer holds resolves. A rejected file's `FileRejected` is
    ///     evaluated when a file of that name is processed again.
    ///   - now: seconds since 1970, UTC.
    package static func transition(
        active: [ActiveAlert], conditions: [AlertCondition],
        evaluated: Set<String>, now: Double
    ) -> AlertTransition {
        let holding = Dictionary(conditions.map { ($0.fingerprint, $0) }, uniquingKeysWith: { a, _ in a })
        var next: [ActiveAlert] = []
        var resolved: [ResolvedAlert] = []
        for alert in active {
            if let condition = holding[alert.fingerprint] {
                var still = alert
                still.summary = condition.summary
                next.append(still)
            } else if evaluated.contains(alert.fingerprint) {
                resolved.append(ResolvedAlert(alert: alert, endsAt: now))
            } else {
                next.append(alert)
            }
        }
        let known = Set(active.map(\.fingerprint))
        var started: [ActiveAlert] = []
        for condition in conditions where !known.contains(condition.fingerprint) {
            let alert = ActiveAlert(
                fingerprint: condition.fingerprint, name: condition.name, subject: condition.subject,
                summary: condition.summary, startsAt: now)
            started.append(alert)
            next.append(alert)
        }
        next.sort { ($0.subject, $0.name.rawValue) < ($1.subject, $1.name.rawValue) }
        return AlertTransition(active: next, started: started, resolved: resolved)
    }

    /// The fingerprints of the product alerts of `products` (all rules evaluated for them).
    package static func productFingerprints(_ products: some Sequence<String>) -> Set<String> {
        var out = Set<String>()
        for p in products {
            for name in AlertName.allCases where name.isProductAlert {
                out.insert(AlertCondition.fingerprint(name: name, subject: p))
            }
        }
        return out
    }
}
