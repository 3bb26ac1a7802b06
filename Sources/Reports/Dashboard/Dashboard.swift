import Foundation
import Planning
import StockcastCore

/// What `outbox/index.html` says besides the products themselves.
package struct DashboardContext: Sendable {
    /// When the page was made.
    package var generatedAt: Timestamp
    /// The plan horizon the daemon uses, days (the page opens at it).
    package var horizon: Int
    /// The policy the daemon plans with (the page opens with it).
    package var policy: InventoryPolicy
    /// The product alert thresholds (the page re-evaluates the plan rules with them).
    package var thresholds: AlertThresholds
    /// Alerts in force that are not about a product (`FileRejected`), shown above everything.
    package var fileAlerts: [ActiveAlert]
    /// The safety factor a product is planned with when a service-level plan cannot be made
    /// for it (no error sds), as the daemon does.
    package var fallbackSafetyFactor: Double

    package init(
        generatedAt: Timestamp, horizon: Int, policy: InventoryPolicy, thresholds: AlertThresholds,
        fileAlerts: [ActiveAlert] = [], fallbackSafetyFactor: Double = 1.2
    ) {
        self.fallbackSafetyFactor = fallbackSafetyFactor
        self.generatedAt = generatedAt
        self.horizon = horizon
        self.policy = policy
        self.thresholds = thresholds
        self.fileAlerts = fileAlerts
    }
}

/// `outbox/index.html`: one file with its style, script, data and charts inside, so that it
/// works opened from disk or as an e-mail attachment, offline. The markup is well-formed XML as
/// well as HTML (the tests parse it with an XML parser).
enum Dashboard {
    static func html(_ reports: [ProductReport], context: DashboardContext) -> String {
        let dataThrough = reports.map(\.dataThrough).max()
        let attention = reports.filter { !$0.alerts.isEmpty }.count
        let alertCount = reports.reduce(0) { $0 + $1.alerts.count } + context.fileAlerts.count
        let e = Markup.escape
        var out = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <meta name="generator" content="Stockcast \(e(StockcastVersion.current))"/>
            <title>Stockcast · inventory dashboard</title>
            <style>
            \(DashboardStyle.css)</style>
            </head>
            <body>
            <header class="top"><div class="wrap">
            <h1>Stockcast<span>Inventory dashboard</span></h1>
            <p class="meta">Data through <strong class="nowrap">\(dataThrough.map { "\($0)" } ?? "–")</strong> · report made <span class="nowrap">\(e(readable(context.generatedAt)))</span> · \(reports.count) \(reports.count == 1 ? "product" : "products") · \(attention) \(attention == 1 ? "needs" : "need") attention · \(alertCount) \(alertCount == 1 ? "alert" : "alerts") in force</p>
            </div></header>
            <main class="wrap">

            """
        if !context.fileAlerts.isEmpty {
            out += "<div class=\"banner\" role=\"alert\">\n"
            for a in context.fileAlerts {
                out += "<p><span class=\"badge\">\(title(a.name))</span> <strong>\(e(a.subject))</strong>: \(e(a.summary)) → \(e(a.name.action))</p>\n"
            }
            out += "</div>\n"
        }
        out += overview(reports, context: context)
        out += ordersPanel(reports)
        out += productSection(reports, context: context)
        out +=
            "</main>\n<footer class=\"wrap\">Stockcast \(e(StockcastVersion.current)) · the numbers of each product are also in <code>products/&lt;product&gt;/forecast.csv</code> and <code>report.json</code>; the charts in its <code>sales.svg</code>, <code>returns.svg</code> and <code>inventory.svg</code>.</footer>\n"
        out += "<script type=\"application/json\" id=\"stockcast-data\">\(data(reports, context: context).text)</script>\n"
        for (index, r) in reports.enumerated() {
            out += "<template id=\"charts-\(index)\">\n" + charts(r, context: context) + "</template>\n"
            if hasReplenishment(reports) { out += "<template id=\"stock-\(index)\">\n" + stockCharts(r) + "</template>\n" }
        }
        out += "<script id=\"stockcast-plan\">//<![CDATA[\n\(DashboardScript.plan)//]]></script>\n"
        out += "<script id=\"stockcast-page\">//<![CDATA[\n\(DashboardScript.page)//]]></script>\n"
        out += "</body>\n</html>\n"
        return out
    }

    // MARK: - Sections

    /// All products, the ones with alerts first, with the daemon's plan figures (= summary.csv).
    private static func overview(_ reports: [ProductReport], context: DashboardContext) -> String {
        let e = Markup.escape
        var out = """
            <section class="panel" aria-labelledby="overview-title">
            <div class="panel-head"><h2 id="overview-title">All products</h2><p>Plan at the daemon's settings: \(context.horizon) days, \(e(policyText(context.policy))). Products with alerts first; choose one to see it below.</p>
            <input type="search" id="filter" placeholder="Filter products" aria-label="Filter products"/></div>
            <div class="scroll list"><table class="overview">
            <thead><tr><th scope="col">Product</th><th scope="col">Alerts</th><th scope="col" class="num">Sales/day</th><th scope="col" class="num">Returns/day</th><th scope="col" class="num">Return rate</th><th scope="col" class="num">Inventory</th><th scope="col" class="wide-only">Forecast by</th><th scope="col" class="wide-only">Data through</th></tr></thead>
            <tbody id="overview-body">

            """
        let order = attentionOrder(reports)
        for index in order {
            let r = reports[index], m = r.plan.metrics
            let badges =
                r.alerts.isEmpty
                ? "<span class=\"badge ok\">OK</span>"
                : r.alerts.map { "<span class=\"badge\" title=\"\(e($0.summary))\">\(title($0.name))</span>" }.joined()
            out +=
                "<tr data-index=\"\(index)\" tabindex=\"0\"\(index == order.first ? " aria-current=\"true\"" : "")><th scope=\"row\" title=\"\(e(r.product))\">\(e(r.product))</th>"
            out += "<td>\(badges)</td><td class=\"num\">\(grouped(m.averageSales, 1))</td><td class=\"num\">\(grouped(m.averageReturns, 1))</td>"
            out += "<td class=\"num\">\(Rendering.decimal(m.returnRate * 100, 1))\u{00A0}%</td><td class=\"num\">\(grouped(m.recommendedInventory, 0))</td>"
            out += "<td class=\"wide-only\">\(e(method(r.sales))) / \(e(method(r.returns)))</td><td class=\"wide-only\">\(r.dataThrough)</td></tr>\n"
        }
        return out + "</tbody></table></div>\n</section>\n"
    }

    /// Indices of `reports`, the products with the most alerts first (ties in the given order):
    /// the overview's rows, and the page opens on the first.
    static func attentionOrder(_ reports: [ProductReport]) -> [Int] {
        reports.indices.sorted { a, b in
            let (x, y) = (reports[a].alerts.count, reports[b].alerts.count)
            return x != y ? x > y : a < b
        }
    }

    /// The chosen product: controls, cards, charts, alerts and the daily table (filled in by the
    /// page's script; the first product's charts are in place before it runs).
    private static func productSection(_ reports: [ProductReport], context: DashboardContext) -> String {
        let e = Markup.escape
        let opening = attentionOrder(reports).first ?? 0
        let options = reports.enumerated().map { i, r in
            "<option value=\"\(i)\"\(i == opening ? " selected=\"selected\"" : "")>\(e(ProductCharts.shortName(r.product)))</option>"
        }.joined(separator: "\n")
        let longest = reports.map { $0.forecast.count }.max() ?? 90
        let maxHorizon = min(90, max(7, longest))
        let factor = context.policy.safetyFactor ?? context.fallbackSafetyFactor
        var policyControl = ""
        if case .serviceLevel(let target, _, _) = context.policy {
            policyControl = """
                <label>Rule<select id="policy" title="\(e(policyText(context.policy)))"><option value="service_level" selected="selected">Service level \(Rendering.decimal(target * 100, 1))\u{00A0}%</option><option value="safety_factor">Safety factor</option></select></label>

                """
        }
        let first = reports.isEmpty ? nil : reports[opening]
        // Room for the most alerts any product has, so that switching products moves nothing.
        let alertRows = max(1, reports.map(\.alerts.count).max() ?? 0)
        return """
            <section class="panel" id="product-section" aria-labelledby="product-name">
            <div class="controls">
            <label>Product<select id="product">
            \(options)
            </select></label>
            <label><span class="row">Forecast horizon <output id="horizon-out">\(context.horizon) days</output></span><input type="range" id="horizon" min="7" max="\(maxHorizon)" step="1" value="\(context.horizon)" aria-label="Forecast horizon in days"/></label>
            <label><span class="row">Safety factor <output id="factor-out">\(Rendering.decimal(factor, 2))×</output></span><input type="range" id="factor" min="1" max="2" step="0.05" value="\(factor)" aria-label="Safety factor"/></label>
            \(policyControl)<button type="button" id="reset">Reset</button>
            </div>
            <div class="product-title"><h2 id="product-name">\(e(first?.product ?? "No products yet"))</h2><p id="product-sub"></p><p id="product-files"></p></div>
            <div class="cards">
            <div class="card"><h3>Avg forecast sales</h3><p class="value" id="m-sales">–</p><p class="note" id="m-sales-note">units/day</p></div>
            <div class="card"><h3>Avg forecast returns</h3><p class="value" id="m-returns">–</p><p class="note" id="m-returns-note">units/day</p></div>
            <div class="card"><h3>Return rate</h3><p class="value" id="m-rate">–</p><p class="note" id="m-rate-note">returns ÷ sales</p></div>
            <div class="card"><h3>Recommended inventory</h3><p class="value" id="m-inventory">–</p><p class="note" id="m-inventory-note">units</p></div>
            </div>
            <div class="grid">
            <figure class="chart" id="chart-sales" aria-label="Sales chart"></figure>
            <figure class="chart" id="chart-returns" aria-label="Returns chart"></figure>
            <figure class="chart" id="chart-inventory" aria-label="Inventory chart"></figure>
            \(stockFigure(reports))<div class="alerts" aria-live="polite"><h3>Alerts in force</h3><ul id="alerts-list" style="min-height: \(alertRows * 68)px"></ul><h4>Plan rules at these settings</h4><ul id="rules"></ul></div>
            </div>
            <div class="table-head"><h3>Daily forecast</h3><button type="button" id="download">Download CSV</button></div>
            <div class="scroll tall"><table class="forecast"><thead id="forecast-head"></thead><tbody id="forecast-body"></tbody></table></div>
            </section>

            """
    }

    // MARK: - Charts

    private static func charts(_ r: ProductReport, context: DashboardContext) -> String {
        let ceiling = inventoryCeiling(r, policy: context.policy)
        return ProductCharts.Kind.allCases.map { chart($0, r, ceiling: ceiling) }.joined()
    }

    /// One dashboard chart in both frames (the stylesheet shows one), with what the page's
    /// script needs as data- attributes: the scales (`data-scale`, `StockcastPlan.scale`), the
    /// chart day of the first forecast day and the plot's right edge.
    private static func chart(_ kind: ProductCharts.Kind, _ r: ProductReport, ceiling: Double) -> String {
        [(Chart.Frame.wide, "wide"), (Chart.Frame.compact, "compact")].map { frame, name in
            let c = ProductCharts.dashboard(kind, r, frame: frame, inventoryCeiling: ceiling)
            let l = c.layout
            let scale = [
                l.x.domain.upperBound, l.x.range.lowerBound, l.x.range.upperBound,
                l.y.domain.upperBound, l.y.range.lowerBound, l.y.range.upperBound,
            ].map { "\($0)" }
            return c.svg(attributes: [
                ("class", name), ("data-scale", scale.joined(separator: " ")),
                ("data-start", "\(c.overlay?.start ?? 0)"), ("data-edge", "\(l.right + Chart.overlayOverhang)"),
                ("data-flip", "\(l.right - Chart.labelRoom)"),
            ])
        }.joined()
    }

    /// The largest recommended inventory any control setting can produce (units): the safety
    /// factor's top over the whole forecast, and the configured policy's plan.
    static func inventoryCeiling(_ r: ProductReport, policy: InventoryPolicy) -> Double {
        let days = r.forecast.count
        var top =
            Planner.plan(r.forecast, horizon: days, safetyFactor: Planner.safetyFactors.upperBound).days
            .map(\.recommendedInventory).max() ?? 0
        if let plan = try? Planner.plan(r.forecast, uncertainty: r.uncertainty, horizon: days, policy: policy) {
            top = max(top, plan.days.map(\.recommendedInventory).max() ?? 0)
        }
        return top
    }

    // MARK: - Data

    /// The embedded data: full-precision forecasts and standard deviations (the page's plan is
    /// computed from them exactly as `Planner` computes it), the last 90 days, models and alerts.
    static func data(_ reports: [ProductReport], context: DashboardContext) -> JSONText {
        let products: [JSONText] = reports.map { r in
            let byDay = Rendering.byDay(r.uncertainty)
            let sd = r.forecast.map { byDay[$0.day] }
            var fields: [(String, JSONText)] = [
                ("id", .string(r.product)),
                ("folder", .string(SafeFileName.encode(r.product))),
                ("data_through", .string(r.dataThrough.description)),
                ("forecast_start", .string(r.dataThrough.advanced(by: 1).description)),
                ("sales", .numbers(r.forecast.map(\.sales))),
                ("returns", .numbers(r.forecast.map(\.returns))),
                ("sales_sd", .array(sd.map { $0.map { .number($0.salesSD) } ?? .null })),
                ("returns_sd", .array(sd.map { $0.map { .number($0.returnsSD) } ?? .null })),
                // Calibrated intervals, when the forecast has them (plan.js's `intervals` prefers them to the sds).
                (
                    "intervals",
                    sd.contains { $0?.intervals != nil }
                        ? .array(sd.map { u in u?.intervals.map { .numbers($0) } ?? .null }) : .null
                ),
                ("history_start", .string((r.history.first?.day ?? r.dataThrough).description)),
                ("history_sales", .numbers(r.history.map(\.sales))),
                ("history_returns", .numbers(r.history.map(\.returns))),
                ("models", .object([("sales", .string(modelText(r.sales))), ("returns", .string(modelText(r.returns)))])),
                (
                    "alerts",
                    .array(
                        r.alerts.map { a in
                            .object([
                                ("name", .string(a.name.rawValue)), ("title", .string(title(a.name))), ("summary", .string(a.summary)),
                                ("action", .string(a.name.action)),
                                ("since", .string(readable(Timestamp(seconds: a.startsAt)))),
                            ])
                        })
                ),
            ]
            // Replenishment on: the page links the product's stock.svg too.
            if r.replenishment.plan != nil { fields.append(("stock", .boolean(true))) }
            return .object(fields)
        }
        return .object([
            ("format_version", .integer(1)),
            ("generated_at", .string(context.generatedAt.description)),
            ("horizon", .integer(context.horizon)),
            ("opening", .integer(attentionOrder(reports).first ?? 0)),
            ("policy", Rendering.policy(context.policy)),
            ("fallback_factor", .number(context.fallbackSafetyFactor)),
            (
                "thresholds",
                .object([
                    ("return_rate", .number(context.thresholds.returnRate)), ("volatility", .number(context.thresholds.volatility)),
                    ("inventory_spike", .number(context.thresholds.inventorySpike)),
                ])
            ),
            ("z80", .number(Rendering.z80)), ("z95", .number(Rendering.z95)),
            ("products", .array(products)),
        ])
    }

    // MARK: - Words

    static func method(_ m: ModelInfo) -> String {
        switch m.source {
        case "lstm": return "LSTM"
        case "holt_winters": return "Holt–Winters"
        case "seasonal_naive": return "seasonal naive"
        default: return m.source
        }
    }

    static func modelText(_ m: ModelInfo) -> String {
        method(m) + (m.version.map { " v\($0)" } ?? "")
    }

    static func policyText(_ p: InventoryPolicy) -> String {
        switch p {
        case .safetyFactor(let f): return "safety factor \(Rendering.decimal(f, 2))"
        case .serviceLevel(let target, let lead, let review):
            return "service level \(Rendering.decimal(target * 100, 1)) %, lead time \(lead) d, review every \(review) d"
        }
    }

    /// "2026-11-25 08:30 UTC".
    static func readable(_ t: Timestamp) -> String {
        let s = t.description
        guard s.count >= 16 else { return s }
        return String(s.prefix(10)) + " " + String(s.dropFirst(11).prefix(5)) + " UTC"
    }

    /// A number with `digits` decimals and thousands separated by commas.
    static func grouped(_ v: Double, _ digits: Int) -> String {
        Markup.grouped(Rendering.decimal(v, digits), separator: ",")
    }

    /// An alert's name for people: "HighReturnRate" → "High return rate".
    static func title(_ name: AlertName) -> String {
        var out = ""
        for (i, c) in name.rawValue.enumerated() {
            if i > 0 && c.isUppercase { out += " " + c.lowercased() } else { out.append(c) }
        }
        return out
    }
}
