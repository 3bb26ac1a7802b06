import Planning
import StockcastCore

/// `products/<id>/stock.svg`: the projected on hand of a product with replenishment on, with
/// and without the proposed order, against its reorder point and safety stock.
enum StockChart {
    static let withColor = "#007A5A", withoutColor = "#D55E00", levelColor = "#56B4E9", safetyColor = "#CC79A7"

    /// The chart over the projected days, or nil when replenishment is off; the stock-out (the
    /// first day with demand not met) is marked.
    static func chart(_ r: ProductReport, frame: Chart.Frame = .file) -> Chart? {
        guard let p = r.replenishment.plan, let first = p.projected.first else { return nil }
        let name = ProductCharts.shortName(r.product)
        let days = p.projected.count
        var description =
            "Projected units on hand of product \(r.product) at the end of each day from \(first.day) to \(p.projected.last!.day): with the proposed order (solid), without it (dashed), the reorder point \(Replenisher.units(p.reorderPoint)) and the safety stock \(Replenisher.units(p.safetyStock)) (dotted)."
        if let o = p.proposal {
            description += " Order \(Replenisher.units(o.quantity)) units on \(o.orderDate), arriving on \(o.arrival)."
        } else {
            description += " No order is proposed."
        }
        if let out = p.stockoutDate { description += " Without a new order stock runs out on \(out)." }
        var c = Chart(
            title: "Projected stock of \(name): next \(days) days", description: description, first: first.day, days: days,
            valueLabel: "Units on hand")
        c.frame = frame
        c.series = [
            Chart.Series(
                name: "Reorder point", color: levelColor, stroke: .dotted, width: 2, start: 0,
                values: Array(repeating: max(0, p.reorderPoint), count: days), source: "line:reorder_point"),
            Chart.Series(
                name: "Safety stock", color: safetyColor, stroke: .dotted, width: 2, start: 0,
                values: Array(repeating: max(0, p.safetyStock), count: days), source: "line:safety_stock"),
            Chart.Series(
                name: "Without the order", color: withoutColor, stroke: .dashed, width: 2, start: 0,
                values: p.projected.map(\.withoutProposal), source: "line:stock_without"),
        ]
        if p.proposal != nil {
            c.series.append(
                Chart.Series(
                    name: "With the order", color: withColor, width: 3, start: 0, values: p.projected.map(\.withProposal),
                    source: "line:stock_with"))
        }
        if let o = p.proposal, first.day.distance(to: o.arrival) < days {
            c.markers.append(Chart.Marker(day: first.day.distance(to: o.arrival), label: "Order arrives"))
        }
        if let out = p.stockoutDate, first.day.distance(to: out) < days {
            c.markers.append(Chart.Marker(day: first.day.distance(to: out), label: "Stock-out"))
        }
        return c
    }
}

extension Rendering {
    /// `products/<id>/stock.svg` (SVG 1.1), or nil when the product's replenishment is off.
    package static func stockChart(_ r: ProductReport) -> [UInt8]? {
        StockChart.chart(r).map { Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + $0.svg()).utf8) }
    }
}
