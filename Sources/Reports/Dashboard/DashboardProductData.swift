import Planning
import StockcastCore

/// `products/<product>/data.js`: what the dashboard shows of one product once it is chosen — its
/// full-precision forecasts and standard deviations (the page's plan is computed from them
/// exactly as `Planner` computes it), the last 90 days, its models and its charts' frames. The
/// page (`index.html`) lists every product from its own small index and loads this file when a
/// product is chosen, as a `<script>` element: unlike `fetch`, that works on a page opened from
/// disk (`file://`). The file is one statement, `StockcastData.product({…});`, the object being
/// `JSONText` (every `<`, `>`, `&`, U+2028 and U+2029 escaped), so no product id can end the
/// string or the statement. It depends on the product's report alone (its alerts, which change
/// without the product changing, are in the index), so it is written with the product's other
/// files and only when they are.
enum DashboardProductData {
    /// The file's name in the product's folder (`Outbox.productFile`).
    static let file = "data.js"

    /// The format of the object; the page refuses another.
    static let formatVersion = 1

    /// The whole file.
    static func script(_ r: ProductReport) -> String {
        "// Stockcast: the dashboard's data of one product, loaded by index.html when it is chosen.\nStockcastData.product("
            + json(r).text + ");\n"
    }

    /// The object the file hands to the page. `charts` lists the product's charts in the order
    /// the page shows them, each in the two frames the stylesheet chooses between.
    static func json(_ r: ProductReport) -> JSONText {
        let byDay = Rendering.byDay(r.uncertainty)
        let sd = r.forecast.map { byDay[$0.day] }
        return .object([
            ("format_version", .integer(formatVersion)),
            ("id", .string(r.product)),
            ("data_through", .string(r.dataThrough.description)),
            ("forecast_start", .string(r.dataThrough.advanced(by: 1).description)),
            ("sales", .numbers(r.forecast.map(\.sales))),
            ("returns", .numbers(r.forecast.map(\.returns))),
            ("sales_sd", .array(sd.map { $0.map { .number($0.salesSD) } ?? .null })),
            ("returns_sd", .array(sd.map { $0.map { .number($0.returnsSD) } ?? .null })),
            // Calibrated intervals, when the forecast has them (plan.js's `intervals` prefers them to the sds).
            (
                "intervals",
                sd.contains { $0?.intervals != nil } ? .array(sd.map { u in u?.intervals.map { .numbers($0) } ?? .null }) : .null
            ),
            ("history_start", .string((r.history.first?.day ?? r.dataThrough).description)),
            // Gaps (days no file covered) are NaN in the history: null here.
            ("history_sales", .numbers(r.history.map(\.sales))),
            ("history_returns", .numbers(r.history.map(\.returns))),
            ("models", .object([("sales", .string(Dashboard.modelText(r.sales))), ("returns", .string(Dashboard.modelText(r.returns)))])),
            ("charts", .array(charts(r))),
            // Why the product has no projected-stock chart, when its replenishment is off.
            ("stock_off", Dashboard.replenishmentOff(r).map(JSONText.string) ?? .null),
        ])
    }

    /// The dashboard's charts of the product, `{kind, label, wide, compact}`: SVG markup whose
    /// lines the page draws (`Chart.drawsData` false), one per `ProductCharts.Kind`; then, when
    /// the product has stock data, its projected stock (`Dashboard.stockChart`, drawn whole).
    static func charts(_ r: ProductReport) -> [JSONText] {
        let ceiling = inventoryCeiling(r)
        let stock = Dashboard.stockChart(r).map { [$0] } ?? []
        return ProductCharts.Kind.allCases.map { kind -> JSONText in
            .object([
                ("kind", .string(kind.rawValue)),
                ("label", .string(kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst() + " chart")),
                ("wide", .string(chart(kind, r, frame: .wide, name: "wide", ceiling: ceiling))),
                ("compact", .string(chart(kind, r, frame: .compact, name: "compact", ceiling: ceiling))),
            ])
        } + stock
    }

    /// One dashboard chart in `frame`, of class `name` (the stylesheet shows one frame), with what
    /// the page's script needs as data- attributes: the scales
    /// (`data-scale`, `StockcastPlan.scale`), the date of chart day 0 (`data-first`), the chart day
    /// of the first forecast day, the plot's right edge and where the horizon label turns left.
    static func chart(_ kind: ProductCharts.Kind, _ r: ProductReport, frame: Chart.Frame, name: String, ceiling: Double) -> String {
        let c = ProductCharts.dashboard(kind, r, frame: frame, inventoryCeiling: ceiling)
        let l = c.layout
        let scale = [
            l.x.domain.upperBound, l.x.range.lowerBound, l.x.range.upperBound,
            l.y.domain.upperBound, l.y.range.lowerBound, l.y.range.upperBound,
        ].map { "\($0)" }
        return c.svg(attributes: [
            ("class", name), ("data-kind", kind.rawValue), ("data-scale", scale.joined(separator: " ")), ("data-first", c.first.description),
            ("data-start", "\(c.overlay?.start ?? 0)"), ("data-edge", "\(l.right + Chart.overlayOverhang)"),
            ("data-flip", "\(l.right - Chart.labelRoom)"),
        ])
    }

    /// The largest recommended inventory any control setting can produce (units): the safety
    /// factor's top over the whole forecast, and the configured policy's plan (the report's).
    static func inventoryCeiling(_ r: ProductReport) -> Double {
        let days = r.forecast.count
        var top =
            Planner.plan(r.forecast, horizon: days, safetyFactor: Planner.safetyFactors.upperBound).days
            .map(\.recommendedInventory).max() ?? 0
        if let plan = try? Planner.plan(r.forecast, uncertainty: r.uncertainty, horizon: days, policy: r.plan.policy) {
            top = max(top, plan.days.map(\.recommendedInventory).max() ?? 0)
        }
        return top
    }
}
