import Planning
import StockcastCore

// The dashboard's replenishment: the proposals panel and the projected-stock chart.
extension Dashboard {
    /// True when any product has stock data (the panel and the chart are shown only then, so a
    /// page without stock data is what it was before).
    static func hasReplenishment(_ reports: [ProductReport]) -> Bool {
        reports.contains { $0.replenishment.plan != nil }
    }

    /// The proposed orders of every product, most urgent first (as orders.csv); a row chooses
    /// its product below.
    static func ordersPanel(_ reports: [ProductReport]) -> String {
        guard hasReplenishment(reports) else { return "" }
        let e = Markup.escape
        let index = Dictionary(reports.enumerated().map { ($1.product, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = Rendering.proposalOrder(reports)
        let planned = reports.filter { $0.replenishment.plan != nil }.count
        var out = """
            <section class="panel" aria-labelledby="orders-title">
            <div class="panel-head"><h2 id="orders-title">Proposed orders</h2><p>\(rows.count) \(rows.count == 1 ? "order" : "orders") for the \(planned) \(planned == 1 ? "product" : "products") with stock data, the earliest stock-out first (<code>orders.csv</code>). Choose one to see its projected stock below.</p></div>
            <div class="scroll list"><table class="overview">
            <thead><tr><th scope="col">Product</th><th scope="col" class="num">Order</th><th scope="col">Order date</th><th scope="col">Arrives</th><th scope="col" class="num">On hand</th><th scope="col" class="num">On order</th><th scope="col" class="num">Reorder point</th><th scope="col">Stock-out without it</th><th scope="col" class="wide-only">Why</th></tr></thead>
            <tbody id="orders-body">

            """
        for (product, plan, proposal) in rows {
            out += "<tr data-index=\"\(index[product] ?? 0)\" tabindex=\"0\"><th scope=\"row\" title=\"\(e(product))\">\(e(product))</th>"
            out += "<td class=\"num\">\(grouped(proposal.quantity, 0))</td><td>\(proposal.orderDate)</td><td>\(proposal.arrival)</td>"
            out += "<td class=\"num\">\(grouped(plan.onHand, 0))</td><td class=\"num\">\(grouped(plan.onOrder, 0))</td>"
            out += "<td class=\"num\">\(grouped(plan.reorderPoint, 0))</td><td>\(plan.stockoutDate.map { "\($0)" } ?? "–")</td>"
            out += "<td class=\"wide-only\">\(e(proposal.reason))</td></tr>\n"
        }
        if rows.isEmpty { out += "<tr><td colspan=\"9\">No order is needed today.</td></tr>\n" }
        return out + "</tbody></table></div>\n</section>\n"
    }

    /// The chosen product's projected-stock chart (filled in by the page's script), when any product has stock data.
    static func stockFigure(_ reports: [ProductReport]) -> String {
        guard hasReplenishment(reports) else { return "" }
        return "<figure class=\"chart\" id=\"chart-stock\" aria-label=\"Projected stock chart\"></figure>\n"
    }

    /// The product's projected-stock chart in both frames (drawn: the page's controls do not
    /// change it), or a note on why its replenishment is off.
    static func stockCharts(_ r: ProductReport) -> String {
        guard let wide = StockChart.chart(r, frame: .wide), let compact = StockChart.chart(r, frame: .compact) else {
            if case .off(let reason) = r.replenishment { return "<p class=\"stock-off\">Replenishment is off: \(Markup.escape(reason)).</p>\n" }
            return ""
        }
        return wide.svg(attributes: [("class", "wide")]) + compact.svg(attributes: [("class", "compact")])
    }
}
