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

/// `outbox/index.html`: one file with its style, script and an index of every product (the
/// overview's figures and alerts, `Dashboard.index`), so that the overview, its filter, sorting
/// and paging work opened from disk with no server. The chosen product's numbers and charts are
/// in its own `products/<product>/data.js` (`DashboardProductData`), which the page loads when the
/// product is chosen; the page stays small however many products there are (about 90 bytes
/// each). The markup is well-formed XML as well as HTML (the tests parse it with an XML parser).
///
/// The page is a list of sections (`sections`), the product's section a list of panels
/// (`productPanels`); the page's script has the matching list of panels (`page.js`).
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
            <p class="meta">Data through <strong class="nowrap">\(dataThrough.map { "\($0)" } ?? "–")</strong> · report made <span class="nowrap">\(e(readable(context.generatedAt)))</span> · \(Markup.grouped("\(reports.count)", separator: ",")) \(reports.count == 1 ? "product" : "products") · \(attention) \(attention == 1 ? "needs" : "need") attention · \(alertCount) \(alertCount == 1 ? "alert" : "alerts") in force</p>
            </div></header>
            <main class="wrap">
            <noscript><p class="banner notice">The dashboard needs JavaScript: the figures of every product are in <code>summary.csv</code>, each product's in <code>products/&lt;product&gt;/</code>.</p></noscript>

            """
        for section in sections(reports, context: context) { out += section }
        out +=
            "</main>\n<footer class=\"wrap\">Stockcast \(e(StockcastVersion.current)) · the numbers of each product are also in <code>products/&lt;product&gt;/forecast.csv</code> and <code>report.json</code>; the charts in its <code>sales.svg</code>, <code>returns.svg</code> and <code>inventory.svg</code>; what this page shows of it in <code>data.js</code>.</footer>\n"
        out += "<script type=\"application/json\" id=\"stockcast-data\">\(index(reports, context: context).text)</script>\n"
        for (id, script) in DashboardScript.all {
            out += "<script id=\"\(id)\">//<![CDATA[\n\(script)//]]></script>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    /// The page's sections, top to bottom.
    static func sections(_ reports: [ProductReport], context: DashboardContext) -> [String] {
        [banner(context), overview(reports, context: context), ordersPanel(reports), productSection(reports, context: context)]
    }

    // MARK: - Sections

    /// The alerts about files (`FileRejected`), above everything; nothing without them.
    private static func banner(_ context: DashboardContext) -> String {
        guard !context.fileAlerts.isEmpty else { return "" }
        let e = Markup.escape
        var out = "<div class=\"banner\" role=\"alert\">\n"
        for a in context.fileAlerts {
            out += "<p><span class=\"badge\">\(title(a.name))</span> <strong>\(e(a.subject))</strong>: \(e(a.summary)) → \(e(a.name.action))</p>\n"
        }
        return out + "</div>\n"
    }

    /// All products with the daemon's plan figures (= summary.csv), a page of rows at a time:
    /// the page's script fills the table from the index, filtered, sorted (most alerts first at
    /// the start) and paged.
    private static func overview(_ reports: [ProductReport], context: DashboardContext) -> String {
        let e = Markup.escape
        func column(_ key: String, _ label: String, _ classes: String = "", sort: String = "none") -> String {
            let cls = classes.isEmpty ? "" : " class=\"\(classes)\""
            return "<th scope=\"col\"\(cls) aria-sort=\"\(sort)\"><button type=\"button\" data-sort=\"\(key)\">\(label)</button></th>"
        }
        let head = [
            column("product", "Product"), column("urgency", "Alerts", "alerts-col", sort: "descending"),
            column("sales", "Sales/<wbr/>day", "num"), column("returns", "Returns/<wbr/>day", "num wide-only"),
            column("rate", "Return rate", "num"), column("inventory", "Inventory", "num"),
            column("method", "Forecast by", "wide-only"), column("through", "Data through", "wide-only"),
        ].joined()
        let sortOptions = [
            ("urgency", "Urgency (most alerts)"), ("product", "Product"), ("sales", "Sales/day"), ("returns", "Returns/day"),
            ("rate", "Return rate"), ("inventory", "Inventory"), ("method", "Forecast by"), ("through", "Data through"),
        ].map { key, label in "<option value=\"\(key)\"\(key == "urgency" ? " selected=\"selected\"" : "")>\(label)</option>" }.joined()
        return """
            <section class="panel" id="overview" aria-labelledby="overview-title">
            <div class="panel-head"><h2 id="overview-title">All products</h2><p>Plan at the daemon's settings: \(context.horizon) days, \(e(policyText(context.policy))). Most alerts first; choose a product to see it below, or sort by a column.</p></div>
            <div class="tools"><input type="search" id="filter" placeholder="Filter products" aria-label="Filter products"/><label class="check"><input type="checkbox" id="alerts-only"/> With alerts only</label><label class="sort">Sort by <select id="sort">\(sortOptions)</select></label><span id="overview-count" aria-live="polite"></span></div>
            <div class="scroll list"><table class="overview">
            <thead><tr>\(head)</tr></thead>
            <tbody id="overview-body"></tbody></table></div>
            <div class="pager"><button type="button" id="page-prev" aria-label="Previous page">‹ Previous</button><span id="page-info"></span><button type="button" id="page-next" aria-label="Next page">Next ›</button></div>
            </section>

            """
    }

    /// The chosen product: its panels, filled in by the page's script once its data.js is loaded.
    private static func productSection(_ reports: [ProductReport], context: DashboardContext) -> String {
        "<section class=\"panel\" id=\"product-section\" aria-labelledby=\"product-name\">\n"
            + productPanels(reports, context: context).joined() + "</section>\n"
    }

    /// The panels of the chosen product, top to bottom.
    static func productPanels(_ reports: [ProductReport], context: DashboardContext) -> [String] {
        [controls(reports, context: context), productTitle(reports), cards, chartsAndAlerts(reports), dailyTable]
    }

    private static func controls(_ reports: [ProductReport], context: DashboardContext) -> String {
        let e = Markup.escape
        let longest = reports.map { $0.forecast.count }.max() ?? 90
        let maxHorizon = min(90, max(7, longest))
        let factor = context.policy.safetyFactor ?? context.fallbackSafetyFactor
        var policyControl = ""
        if case .serviceLevel(let target, _, _) = context.policy {
            policyControl = """
                <label>Rule<select id="policy" title="\(e(policyText(context.policy)))"><option value="service_level" selected="selected">Service level \(Rendering.decimal(target * 100, 1))\u{00A0}%</option><option value="safety_factor">Safety factor</option></select></label>

                """
        }
        return """
            <div class="controls">
            <label>Product<select id="product" aria-label="Product"></select></label>
            <label><span class="row">Forecast horizon <output id="horizon-out">\(context.horizon) days</output></span><input type="range" id="horizon" min="7" max="\(maxHorizon)" step="1" value="\(context.horizon)" aria-label="Forecast horizon in days"/></label>
            <label><span class="row">Safety factor <output id="factor-out">\(Rendering.decimal(factor, 2))×</output></span><input type="range" id="factor" min="1" max="2" step="0.05" value="\(factor)" aria-label="Safety factor"/></label>
            \(policyControl)<button type="button" id="reset">Reset</button>
            </div>

            """
    }

    private static func productTitle(_ reports: [ProductReport]) -> String {
        let first = attentionOrder(reports).first.map { reports[$0].product }
        return """
            <div class="product-title"><h2 id="product-name">\(Markup.escape(first ?? "No products yet"))</h2><p id="product-sub">\(first == nil ? "" : "Loading…")</p><p id="product-files"></p></div>

            """
    }

    private static let cards = """
        <div class="cards">
        <div class="card"><h3>Avg forecast sales</h3><p class="value" id="m-sales">–</p><p class="note" id="m-sales-note">units/day</p></div>
        <div class="card"><h3>Avg forecast returns</h3><p class="value" id="m-returns">–</p><p class="note" id="m-returns-note">units/day</p></div>
        <div class="card"><h3>Return rate</h3><p class="value" id="m-rate">–</p><p class="note" id="m-rate-note">returns ÷ sales</p></div>
        <div class="card"><h3>Recommended inventory</h3><p class="value" id="m-inventory">–</p><p class="note" id="m-inventory-note">units</p></div>
        </div>

        """

    /// The product's charts (the page puts one figure per chart of its data.js before the
    /// alerts), the alerts in force and the plan rules at the page's settings.
    private static func chartsAndAlerts(_ reports: [ProductReport]) -> String {
        // Room for the most alerts any product has, so that switching products moves nothing.
        let alertRows = max(1, reports.map(\.alerts.count).max() ?? 0)
        let figures = ProductCharts.Kind.allCases.map {
            "<figure class=\"chart\" id=\"chart-\($0.rawValue)\" aria-label=\"\($0.rawValue.capitalized) chart\"></figure>\n"
        }.joined()
        return """
            <div class="grid" id="charts">
            \(figures)<div class="alerts" aria-live="polite"><h3>Alerts in force</h3><ul id="alerts-list" style="min-height: \(min(alertRows, 6) * 68)px"></ul><h4>Plan rules at these settings</h4><ul id="rules"></ul></div>
            </div>

            """
    }

    private static let dailyTable = """
        <div class="table-head"><h3>Daily forecast</h3><button type="button" id="download">Download CSV</button></div>
        <div class="scroll tall"><table class="forecast"><thead id="forecast-head"></thead><tbody id="forecast-body"></tbody></table></div>

        """

    /// Indices of `reports`, the products with the most alerts first (ties in the given order):
    /// the overview's first order, and the page opens on the first.
    static func attentionOrder(_ reports: [ProductReport]) -> [Int] {
        reports.indices.sorted { a, b in
            let (x, y) = (reports[a].alerts.count, reports[b].alerts.count)
            return x != y ? x > y : a < b
        }
    }
}
