import Planning
import StockcastCore

// The dashboard's replenishment: the proposals panel in index.html, and the projected-stock
// chart in each product's data.js (loaded with the product's other charts when it is chosen).
extension Dashboard {
    /// True when any product has stock data (the panel and the notes on products without it are
    /// shown only then, so a page without stock data is what it was before).
    static func hasReplenishment(_ reports: [ProductReport]) -> Bool {
        reports.contains { $0.replenishment.plan != nil }
    }

    /// The proposed orders of every product, most urgent first (as orders.csv): one row per
    /// proposal, whose `data-index` is its product's row in the index; choosing a row chooses its
    /// product below, as the overview's rows do.
    static func ordersPanel(_ reports: [ProductReport]) -> String {
        guard hasReplenishment(reports) else { return "" }
        let e = Markup.escape
        let index = Dictionary(reports.enumerated().map { ($1.product, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = Rendering.proposalOrder(reports)
        let planned = reports.filter { $0.replenishment.plan != nil }.count
        var out = """
            <section class="panel" aria-labelledby="orders-title">
            <div class="panel-head"><h2 id="orders-title">Proposed orders</h2><p>\(rows.count) \(rows.count == 1 ? "order" : "orders") for the \(planned) \(planned == 1 ? "product" : "products") with stock data, the earliest stock-out first (<code>orders.csv</code>). Choose one to see its projected stock below.</p></div>
            <div class="scroll list"><table class="overview orders">
            <thead><tr><th scope="col">Product</th><th scope="col" class="num">Order</th><th scope="col" class="wide-only">Order date</th><th scope="col">Arrives</th><th scope="col" class="num wide-only">On hand</th><th scope="col" class="num wide-only">On order</th><th scope="col" class="num wide-only">Reorder point</th><th scope="col">Stock-out without it</th><th scope="col" class="wide-only">Why</th></tr></thead>
            <tbody id="orders-body">

            """
        for (product, plan, proposal) in rows {
            out += "<tr data-index=\"\(index[product] ?? 0)\" tabindex=\"0\"><th scope=\"row\" title=\"\(e(product))\">\(e(product))</th>"
            out += "<td class=\"num\">\(grouped(proposal.quantity, 0))</td><td class=\"wide-only\">\(proposal.orderDate)</td><td>\(proposal.arrival)</td>"
            out += "<td class=\"num wide-only\">\(grouped(plan.onHand, 0))</td><td class=\"num wide-only\">\(grouped(plan.onOrder, 0))</td>"
            out += "<td class=\"num wide-only\">\(grouped(plan.reorderPoint, 0))</td><td>\(plan.stockoutDate.map { "\($0)" } ?? "–")</td>"
            out += "<td class=\"why wide-only\">\(e(proposal.reason))</td></tr>\n"
        }
        if rows.isEmpty { out += "<tr><td colspan=\"9\" class=\"none\">No order is needed today.</td></tr>\n" }
        return out + "</tbody></table></div>\n</section>\n"
    }

    /// The product's projected-stock chart for its data.js (`DashboardProductData.charts`), in
    /// both frames and drawn by the daemon (the page's controls do not change it; the page draws
    /// no lines into it), or nil when the product's replenishment is off.
    static func stockChart(_ r: ProductReport) -> JSONText? {
        guard var wide = StockChart.chart(r, frame: .wide), var compact = StockChart.chart(r, frame: .compact) else { return nil }
        // The page names the product above its charts, as it does for the others.
        (wide.title, compact.title) = ("Projected stock", "Projected stock")
        return .object([
            ("kind", .string("stock")), ("label", .string("Projected stock chart")),
            ("wide", .string(wide.svg(attributes: [("class", "wide"), ("data-kind", "stock")]))),
            ("compact", .string(compact.svg(attributes: [("class", "compact"), ("data-kind", "stock")]))),
        ])
    }

    /// Why the product's replenishment is off, for its data.js: the page says it in place of the
    /// projected-stock chart when other products have stock data (the index's `replenishment`).
    static func replenishmentOff(_ r: ProductReport) -> String? {
        if case .off(let reason) = r.replenishment { return reason }
        return nil
    }
}
