import Foundation
import Planning
import StockcastCore

/// The three charts of a product (DESIGN.md, "Output"): what goes into each `Chart`, from the
/// same numbers as forecast.csv.
enum ProductCharts {
    enum Kind: String, CaseIterable {
        case sales, returns, inventory
    }

    /// Okabe–Ito colours, told apart by colour-blind readers; lines differ in dash as well.
    static let actualColor = "#0072B2", forecastColor = "#D55E00"
    static let salesColor = "#0072B2", returnsColor = "#D55E00", inventoryColor = "#007A5A"

    /// The chart of `kind` for `products/<id>/<kind>.svg`: the forecast over the plan's days.
    static func file(_ kind: Kind, _ r: ProductReport) -> Chart {
        chart(kind, r, forecastDays: r.plan.days.count, inventory: r.plan.days.map(\.recommendedInventory), titled: true)
    }

    /// The dashboard's chart of `kind` in `frame`: the whole stored forecast, the days beyond
    /// the plan horizon shaded. Its value axis fits the daemon's plan; the page's script redraws
    /// the inventory chart's axis for the plan at its controls' settings, and the labels of every
    /// axis up to `inventoryCeiling` (units, the largest plan the controls can make) fit left of
    /// the plot, so the plot does not move. Lines and bands are left for the page to draw.
    static func dashboard(_ kind: Kind, _ r: ProductReport, frame: Chart.Frame, inventoryCeiling: Double) -> Chart {
        var c = chart(kind, r, forecastDays: r.forecast.count, inventory: r.plan.days.map(\.recommendedInventory), titled: false)
        c.frame = frame
        c.drawsData = false
        c.overlay = Chart.HorizonOverlay(start: kind == .inventory ? 0 : r.history.count, horizon: r.plan.days.count)
        if kind == .inventory {
            let lines = r.forecast.flatMap { [$0.sales, $0.returns] }.filter(\.isFinite).max() ?? 0
            c.labelMaxima = axisMaxima(from: lines, to: inventoryCeiling)
        }
        return c
    }

    /// Maxima whose value axes (`ValueTicks`) have the widest labels of any maximum from `low`
    /// to `high` (units): `high`, and for each tick step in between the largest maximum drawn
    /// with it (labels widen with the top and with the decimals of a smaller step).
    static func axisMaxima(from low: Double, to high: Double) -> [Double] {
        guard high.isFinite, high > low else { return [] }
        var out: [Double] = []
        // Below `smallestTop` every maximum has the axis of `smallestTop`.
        var step = ValueTicks(maximum: max(low, ValueTicks.smallestTop)).step
        while 5 * step < high && out.count < 100 {
            out.append(5 * step)
            let digit = (step / pow(10, log10(step).rounded(.down))).rounded()
            step *= digit == 2 ? 2.5 : 2
        }
        return out + [high]
    }

    /// A product id as a chart shows it: at most 40 characters.
    static func shortName(_ product: String) -> String {
        product.count > 40 ? String(product.prefix(39)) + "…" : product
    }

    /// `titled`: the title names the product and the days (files); the dashboard names the
    /// product above its charts and gives them short titles.
    private static func chart(_ kind: Kind, _ r: ProductReport, forecastDays: Int, inventory: [Double], titled: Bool) -> Chart {
        let forecast = Array(r.forecast.prefix(forecastDays))
        let start = r.dataThrough.advanced(by: 1)
        let name = shortName(r.product)
        let span = forecast.isEmpty ? "no forecast" : "forecast from \(forecast.first!.day) to \(forecast.last!.day)"
        switch kind {
        case .inventory:
            let first = forecast.first?.day ?? start
            var c = Chart(
                title: titled ? "Inventory plan for \(name): next \(forecast.count) days" : "Inventory plan",
                description:
                    "Forecast sales, forecast returns and recommended inventory of product \(r.product) per day, \(span), in units. Policy: \(r.plan.policy).",
                first: first, days: forecast.count, valueLabel: "Units")
            c.series = [
                Chart.Series(
                    name: "Forecast sales", color: salesColor, stroke: .dashed, width: 2, start: 0, values: forecast.map(\.sales),
                    source: "line:sales"),
                Chart.Series(
                    name: "Forecast returns", color: returnsColor, stroke: .dotted, width: 2.5, start: 0, values: forecast.map(\.returns),
                    source: "line:returns"),
                Chart.Series(
                    name: "Recommended inventory", color: inventoryColor, width: 3, start: 0, values: inventory,
                    source: "line:inventory"),
            ]
            return c
        case .sales, .returns:
            let value: (DayFigures) -> Double = kind == .sales ? { $0.sales } : { $0.returns }
            let what = kind == .sales ? "Sales" : "Returns"
            let history = r.history
            let first = history.first?.day ?? start
            let offset = first.distance(to: start)
            let historySpan = history.isEmpty ? "no history" : "actual \(kind.rawValue) from \(history.first!.day) to \(history.last!.day)"
            var c = Chart(
                title: titled ? "\(what) of \(name): last \(history.count) days and \(forecast.count)-day forecast" : what,
                description:
                    "Daily \(kind.rawValue) of product \(r.product) in units per day: \(historySpan) (solid line), \(span) (dashed line, starting at the marked day).",
                first: first, days: offset + forecast.count, valueLabel: "Units per day")
            let byDay = Rendering.byDay(r.uncertainty)
            let intervals = forecast.map { Rendering.intervals(sales: $0.sales, returns: $0.returns, byDay[$0.day]) }
            let base = kind == .sales ? 0 : 4
            // Bands only where the forecast has an interval of some width (a band of width 0 would only add a legend entry).
            if intervals.contains(where: { $0.map { $0[base + 3] > $0[base + 2] } ?? false }) {
                for (coverage, offsetInColumns, opacity) in [(95, 2, 0.14), (80, 0, 0.24)] {
                    let lower = intervals.map { $0?[base + offsetInColumns] ?? .nan }
                    let upper = intervals.map { $0?[base + offsetInColumns + 1] ?? .nan }
                    c.bands.append(
                        Chart.Band(
                            name: "\(coverage) % interval", color: forecastColor, opacity: opacity, start: offset,
                            lower: lower, upper: upper, source: "band:\(kind.rawValue):\(coverage)"))
                }
            }
            if !c.bands.isEmpty {
                c.description = String(c.description.dropLast()) + " with its 80 % and 95 % prediction intervals (shaded)."
            }
            c.series = [
                Chart.Series(
                    name: "Actual", color: actualColor, width: 1.75, start: 0, values: history.map(value),
                    source: "line:history_\(kind.rawValue)"),
                Chart.Series(
                    name: "Forecast", color: forecastColor, stroke: .dashed, width: 2.25, start: offset, values: forecast.map(value),
                    source: "line:\(kind.rawValue)"),
            ]
            if !forecast.isEmpty { c.markers = [Chart.Marker(day: offset, label: "Forecast")] }
            // Days no file covered: their history values are NaN.
            c.gaps = history.indices.filter { !value(history[$0]).isFinite }
            return c
        }
    }
}
