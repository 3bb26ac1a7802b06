import Planning
import Reports
import StockcastCore
import Store

/// A rejected file whose `FileRejected` holds.
struct FileRejection: Sendable, Equatable {
    /// The name's identity (`FileName.key`): the alert's fingerprint is made from it.
    var key: String
    /// The name as shown (the alert's subject).
    var name: String
    /// Why it was rejected.
    var message: String
}

/// Evaluates the alert rules of one run against the alerts in force: the product rules for the
/// products just planned, `FileRejected` for the files handled since the last run (a later
/// accepted file of exactly the same name resolves it, as does the operator: see
/// `Pipeline.filesSinceRun`).
enum AlertEvaluation {
    /// The alerts' transition for `reports` (by product), `DataGap` for the products with `gaps`
    /// (days no file covered), and the standing `rejections` among the files `fileNames` (name
    /// keys) evaluated in this run.
    static func transition(
        active: [ActiveAlert], reports: [String: ProductReport], products: [String],
        gaps: [String: [Day]] = [:], fileNames: Set<String>, rejections: [FileRejection],
        thresholds: AlertThresholds, now: Timestamp
    ) -> AlertTransition {
        var conditions: [AlertCondition] = []
        for product in products {
            guard let r = reports[product] else { continue }
            conditions += AlertRules.evaluate(product: product, plan: r.plan, thresholds: thresholds)
            if let plan = r.replenishment.plan {
                conditions += AlertRules.replenishment(product: product, plan: plan, overstockDays: thresholds.overstockDays)
            }
            let live = [(SeriesKind.sales, r.salesAccuracy), (.returns, r.returnsAccuracy)].compactMap { kind, a -> AlertRules.LiveComparison? in
                guard let mae = a.mae7, let naive = a.naiveMAE7 else { return nil }
                return AlertRules.LiveComparison(series: kind, days: min(a.days, 7), mae: mae, naiveMAE: naive)
            }
            if let degraded = AlertRules.forecastDegraded(product: product, live: live, thresholds: thresholds) {
                conditions.append(degraded)
            }
            if let gap = AlertRules.dataGap(product: product, missing: gaps[product] ?? []) { conditions.append(gap) }
        }
        for r in rejections.sorted(by: { $0.key < $1.key }) {
            conditions.append(AlertCondition(name: .fileRejected, subject: r.name, summary: r.message, identity: r.key))
        }
        var evaluated = AlertLifecycle.productFingerprints(products)
        for key in fileNames { evaluated.insert(AlertCondition.fingerprint(name: .fileRejected, subject: key)) }
        return AlertLifecycle.transition(active: active, conditions: conditions, evaluated: evaluated, now: now.seconds)
    }

    /// The product alerts among `active`, by product.
    static func productAlerts(_ active: [ActiveAlert]) -> [String: [ActiveAlert]] {
        Dictionary(grouping: active.filter(\.name.isProductAlert), by: \.subject)
    }
}

extension ActiveAlert {
    /// The alert as the store keeps it.
    var row: AlertRow {
        AlertRow(fingerprint: fingerprint, name: name.rawValue, subject: subject, summary: summary, startsAt: startsAt)
    }

    /// The alert a stored row holds; nil for a name this Stockcast does not know.
    init?(_ row: AlertRow) {
        guard let name = AlertName(rawValue: row.name) else { return nil }
        self.init(fingerprint: row.fingerprint, name: name, subject: row.subject, summary: row.summary, startsAt: row.startsAt)
    }
}

extension StockcastDatabase {
    /// The alerts in force, as the planning stage knows them.
    func alertsInForce() throws -> [ActiveAlert] {
        try activeAlerts().compactMap(ActiveAlert.init)
    }
}
