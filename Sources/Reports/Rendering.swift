import Foundation
import Planning
import StockcastCore

/// The outbox's file formats (DESIGN.md, "Output"). Pure functions from values to bytes, so
/// that every file is rendered from the same numbers and can be checked without a daemon.
package enum Rendering {
    /// The interval columns of forecast.csv and report.json, in order.
    package static let intervalColumns = [
        "sales_lo80", "sales_hi80", "sales_lo95", "sales_hi95",
        "returns_lo80", "returns_hi80", "returns_lo95", "returns_hi95",
    ]

    /// The 80 % and 95 % prediction intervals of a forecast day (`intervalColumns` order): the
    /// calibrated ones when the forecast has them, otherwise `NormalDistribution.interval` of
    /// each sd; nil without an sd.
    package static func intervals(sales: Double, returns: Double, _ u: DayUncertainty?) -> [Double]? {
        guard let u else { return nil }
        if let calibrated = u.intervals { return calibrated }
        return [(sales, u.salesSD), (returns, u.returnsSD)].flatMap { value, sd in
            [z80, z95].flatMap { z -> [Double] in
                let i = NormalDistribution.interval(mean: value, sd: sd, z: z)
                return [i.lower, i.upper]
            }
        }
    }

    /// The standard deviations by day; for a day listed twice the first counts (as in `Planner`).
    static func byDay(_ uncertainty: [DayUncertainty]) -> [Day: DayUncertainty] {
        Dictionary(uncertainty.map { ($0.day, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static let z80 = NormalDistribution.z(coverage: 0.8), z95 = NormalDistribution.z(coverage: 0.95)

    /// `products/<product>/forecast.csv`: one row per day of the plan, with the 80 % and 95 %
    /// prediction intervals of sales and returns (`intervalColumns`). A service-level plan adds
    /// the columns `safety_stock`, `reorder_point` and `order_up_to` (units).
    package static func forecastCSV(_ plan: InventoryPlan, uncertainty: [DayUncertainty]) -> [UInt8] {
        let serviceLevel: Bool
        if case .serviceLevel = plan.policy { serviceLevel = true } else { serviceLevel = false }
        let byDay = byDay(uncertainty)
        var out =
            "date,forecast_sales,forecast_returns,net_demand,recommended_inventory," + intervalColumns.joined(separator: ",")
            + (serviceLevel ? ",safety_stock,reorder_point,order_up_to\n" : "\n")
        for d in plan.days {
            out += "\(d.day),\(decimal(d.forecastSales)),\(decimal(d.forecastReturns)),\(decimal(d.netDemand)),\(decimal(d.recommendedInventory))"
            out += (intervals(sales: d.forecastSales, returns: d.forecastReturns, byDay[d.day]) ?? [Double](repeating: .nan, count: intervalColumns.count)).map
            { "," + ($0.isNaN ? "" : decimal($0)) }.joined()
            if serviceLevel {
                out += [d.safetyStock, d.reorderPoint, d.orderUpTo].map { "," + decimal($0 ?? 0) }.joined()
            }
            out += "\n"
        }
        return Array(out.utf8)
    }

    /// `products/<product>/report.json`: the plan's numbers (the same rows as forecast.csv), the
    /// headline metrics, the 90-day forecast and history behind the charts, model and accuracy.
    package static func reportJSON(_ r: ProductReport, generatedAt: Timestamp) -> [UInt8] {
        let plan = r.plan
        let byDay = byDay(r.uncertainty)
        func withIntervals(_ row: inout [String: JSONText], _ day: Day, _ sales: Double, _ returns: Double) {
            guard let values = intervals(sales: sales, returns: returns, byDay[day]) else { return }
            for (name, v) in zip(intervalColumns, values) { row[name] = .number(rounded(v)) }
        }
        let object: [String: JSONText] = [
            "format_version": .integer(1),
            "product": .string(r.product),
            "generated_at": .string(generatedAt.description),
            "data_through": .string(r.dataThrough.description),
            "horizon_days": .integer(plan.days.count),
            "safety_factor": plan.safetyFactor.map(JSONText.number) ?? .null,
            "policy": policy(plan.policy),
            "metrics": .sorted([
                "avg_forecast_sales_per_day": .number(rounded(plan.metrics.averageSales)),
                "avg_forecast_returns_per_day": .number(rounded(plan.metrics.averageReturns)),
                "return_rate": .number(rounded(plan.metrics.returnRate, 4)),
                "recommended_inventory_total": .number(rounded(plan.metrics.recommendedInventory)),
            ]),
            "forecast": .array(
                plan.days.map { d in
                    var row: [String: JSONText] = [
                        "date": .string(d.day.description), "forecast_sales": .number(rounded(d.forecastSales)),
                        "forecast_returns": .number(rounded(d.forecastReturns)), "net_demand": .number(rounded(d.netDemand)),
                        "recommended_inventory": .number(rounded(d.recommendedInventory)),
                    ]
                    if let v = d.safetyStock { row["safety_stock"] = .number(rounded(v)) }
                    if let v = d.reorderPoint { row["reorder_point"] = .number(rounded(v)) }
                    if let v = d.orderUpTo { row["order_up_to"] = .number(rounded(v)) }
                    withIntervals(&row, d.day, d.forecastSales, d.forecastReturns)
                    return .sorted(row)
                }),
            "forecast_90": .array(
                r.forecast.map { f in
                    var row: [String: JSONText] = [
                        "date": .string(f.day.description), "sales": .number(rounded(f.sales)),
                        "returns": .number(rounded(f.returns)),
                    ]
                    withIntervals(&row, f.day, f.sales, f.returns)
                    return .sorted(row)
                }),
            "history": .array(
                r.history.map {
                    .sorted(["date": .string($0.day.description), "sales": .number($0.sales), "returns": .number($0.returns)])
                }),
            "replenishment": replenishmentJSON(r.replenishment),
            "models": .sorted(["sales": model(r.sales), "returns": model(r.returns)]),
            "accuracy": .sorted(["sales": accuracy(r.salesAccuracy), "returns": accuracy(r.returnsAccuracy)]),
            "alerts": .array(
                r.alerts.map { a in
                    .sorted([
                        "alertname": .string(a.name.rawValue), "fingerprint": .string(a.fingerprint), "summary": .string(a.summary),
                        "action": .string(a.name.action), "starts_at": .string(Timestamp(seconds: a.startsAt).description),
                    ])
                }),
        ]
        return json(.sorted(object))
    }

    /// The chart files of `products/<product>/`, named as DESIGN.md names them: `sales.svg` and
    /// `returns.svg` (the last 90 days and the forecast over the plan's horizon, with its
    /// prediction intervals) and `inventory.svg` (forecast sales, returns and recommended
    /// inventory over the plan). SVG 1.1, drawn from the numbers of `forecastCSV`.
    package static func productCharts(_ r: ProductReport) -> [(file: String, bytes: [UInt8])] {
        ProductCharts.Kind.allCases.map { kind in
            (kind.rawValue + ".svg", Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + ProductCharts.file(kind, r).svg()).utf8))
        }
    }

    /// `index.html`: the dashboard over `reports` (every product): the overview of all of them
    /// in the page, each product's numbers and charts in its `dashboardDataFile`.
    package static func dashboardHTML(_ reports: [ProductReport], context: DashboardContext) -> [UInt8] {
        Array(Dashboard.html(reports, context: context).utf8)
    }

    /// The name of the product's file the dashboard loads when the product is chosen, in its
    /// folder: `products/<product>/data.js`.
    package static let dashboardDataFile = DashboardProductData.file

    /// `products/<product>/data.js`: the product's forecasts, history, models and chart frames
    /// for the dashboard (`DashboardProductData`), about 30 kB (some 11 kB more with a
    /// projected-stock chart, when the product has stock data). It depends on the report alone
    /// and is written with the product's other files.
    package static func dashboardData(_ r: ProductReport) -> [UInt8] {
        Array(DashboardProductData.script(r).utf8)
    }

    /// `summary.csv`: one row per product.
    package static func summaryCSV(_ reports: [ProductReport]) -> [UInt8] {
        var out = "product,data_through,sales_model,returns_model,avg_forecast_sales,avg_forecast_returns,return_rate,recommended_inventory,alerts\n"
        for r in reports {
            let m = r.plan.metrics
            let alerts = r.alerts.map(\.name.rawValue).joined(separator: ";")
            out +=
                [
                    CSVField.quoted(r.product), r.dataThrough.description, label(r.sales), label(r.returns),
                    decimal(m.averageSales), decimal(m.averageReturns), decimal(m.returnRate, 4),
                    decimal(m.recommendedInventory), CSVField.quoted(alerts),
                ].joined(separator: ",") + "\n"
        }
        return Array(out.utf8)
    }

    /// `alerts/active.json` and `alerts/events/…`: a Prometheus Alertmanager webhook payload
    /// (version 4). `resolved` alerts carry their end time; firing ones the zero time, as
    /// Alertmanager writes it.
    package static func alertPayload(firing: [ActiveAlert], resolved: [ResolvedAlert], outboxURL: String = "") -> [UInt8] {
        func labels(_ a: ActiveAlert) -> [String: String] {
            var labels = ["alertname": a.name.rawValue, "severity": a.name.isProductAlert ? "warning" : "critical"]
            labels[a.name.isProductAlert ? "product" : "file"] = a.subject
            return labels
        }
        func annotations(_ a: ActiveAlert) -> [String: String] {
            ["summary": a.summary, "action": a.name.action, "description": "\(a.name.rawValue) for \(a.subject): \(a.summary). \(a.name.action)."]
        }
        /// What the alert is about, in the outbox: the product's report, or the file's rejection.
        func link(_ a: ActiveAlert) -> String {
            outboxURL.isEmpty ? "" : outboxURL + (a.name.isProductAlert ? Outbox.productFile(a.subject, "report.json") : Outbox.errorFile(a.subject))
        }
        func entry(_ a: ActiveAlert, endsAt: Double?) -> JSONText {
            .sorted([
                "status": .string(endsAt == nil ? "firing" : "resolved"),
                "labels": .strings(labels(a)),
                "annotations": .strings(annotations(a)),
                "startsAt": .string(Timestamp(seconds: a.startsAt).description),
                "endsAt": .string(endsAt.map { Timestamp(seconds: $0).description } ?? "0001-01-01T00:00:00Z"),
                "generatorURL": .string(link(a)),
                "fingerprint": .string(a.fingerprint),
            ])
        }
        /// Alertmanager's rule: the pairs every alert of the payload has (none without alerts).
        func common(_ maps: [[String: String]]) -> [String: String] {
            guard var shared = maps.first else { return [:] }
            for m in maps.dropFirst() { shared = shared.filter { m[$0.key] == $0.value } }
            return shared
        }
        let all = firing + resolved.map(\.alert)
        let alerts = firing.map { entry($0, endsAt: nil) } + resolved.map { entry($0.alert, endsAt: $0.endsAt) }
        return json(
            .sorted([
                "version": .string("4"),
                "groupKey": .string("{}:{receiver=\"stockcast\"}"),
                "truncatedAlerts": .integer(0),
                "status": .string(firing.isEmpty ? "resolved" : "firing"),
                "receiver": .string("stockcast"),
                "groupLabels": .strings([:]),
                "commonLabels": .strings(common(all.map(labels))),
                "commonAnnotations": .strings(common(all.map(annotations))),
                "externalURL": .string(outboxURL.isEmpty ? "" : outboxURL + Outbox.dashboard),
                "alerts": .array(alerts),
            ]))
    }

    /// `errors/<file>.json`: why an inbox file was rejected and where it went.
    package static func rejectionJSON(_ rejection: Rejection) -> [UInt8] {
        var object: [String: JSONText] = [
            "file": .string(rejection.file),
            "received_at": .string(rejection.receivedAt.description),
            "reason": .string(rejection.reason),
            "message": .string(rejection.message),
            "moved_to": .string(rejection.movedTo),
            "action": .string(AlertName.fileRejected.action),
        ]
        if let line = rejection.line { object["line"] = .integer(line) }
        if let column = rejection.column { object["column"] = .string(column) }
        return json(.sorted(object))
    }

    /// `status.json`.
    package static func statusJSON(_ s: DaemonStatus) -> [UInt8] {
        json(
            .sorted([
                "version": .string(s.version),
                "state": .string(s.state.rawValue),
                "started": .string(s.started.description),
                "files": .sorted([
                    "seen": .integer(s.filesSeen), "accepted": .integer(s.filesAccepted),
                    "rejected": .integer(s.filesRejected), "duplicate": .integer(s.filesDuplicate),
                ]),
                "queue": .integer(s.queue),
                "products": .integer(s.products),
                "last_run": s.lastRun.map { .string($0.description) } ?? .null,
                "last_successful_run": s.lastSuccessfulRun.map { .string($0.description) } ?? .null,
                "last_error": s.lastError.map { .sorted(["at": .string($0.at.description), "message": .string($0.message)]) } ?? .null,
            ]))
    }

    // MARK: - Helpers

    /// The plan's policy in report.json and the dashboard's data: `kind` and its parameters
    /// (`z` is Φ⁻¹ of the target).
    static func policy(_ p: InventoryPolicy) -> JSONText {
        switch p {
        case .safetyFactor(let factor):
            return .object([("kind", .string("safety_factor")), ("safety_factor", .number(factor))])
        case .serviceLevel(let target, let leadTime, let review):
            return .object([
                ("kind", .string("service_level")), ("service_level", .number(target)), ("lead_time_days", .integer(leadTime)),
                ("review_days", .integer(review)), ("z", .number(NormalDistribution.quantile(target))),
            ])
        }
    }

    static func model(_ m: ModelInfo) -> JSONText {
        .sorted([
            "source": .string(m.source), "served_by": .string(m.source), "selection": .string(m.selection),
            "decision": .string(m.decision), "version": m.version.map(JSONText.integer) ?? .null,
            "trained_through": m.trainedThrough.map { .string($0.description) } ?? .null,
            "validation_mae": m.validationMAE.map { .number(rounded($0)) } ?? .null,
            "recipe": m.recipe.flatMap { JSONText(parsing: $0) } ?? .null,
        ])
    }

    static func accuracy(_ a: LiveAccuracy) -> JSONText {
        func value(_ v: Double?) -> JSONText { v.map { .number(rounded($0)) } ?? .null }
        return .sorted([
            "days_scored": .integer(a.days), "mae_7d": value(a.mae7), "bias_7d": value(a.bias7),
            "mae_30d": value(a.mae30), "bias_30d": value(a.bias30),
            "seasonal_naive_mae_7d": value(a.naiveMAE7), "seasonal_naive_mae_30d": value(a.naiveMAE30),
        ])
    }

    static func label(_ m: ModelInfo) -> String {
        m.version.map { "\(m.source) v\($0)" } ?? m.source
    }

    static func rounded(_ v: Double, _ digits: Int = 2) -> Double {
        guard v.isFinite else { return 0 }
        var p = 1.0
        for _ in 0..<digits { p *= 10 }
        return (v * p).rounded() / p
    }

    /// A fixed-point number with `digits` decimals.
    static func decimal(_ v: Double, _ digits: Int = 2) -> String {
        String(format: "%.\(digits)f", v.isFinite ? v : 0)
    }

    /// A JSON file of the outbox: sorted keys, two-space indents, a final line feed.
    static func json(_ value: JSONText) -> [UInt8] {
        Array((value.pretty + "\n").utf8)
    }
}
