import Planning
import StockcastCore

/// The page's embedded data (`<script type="application/json" id="stockcast-data">`): the
/// daemon's settings the page's controls start from, and one short row per product — what the
/// overview shows and sorts by, the product's alerts and its folder. The chosen product's numbers
/// are in its data.js (`DashboardProductData`).
extension Dashboard {
    /// The members of a product's row, in order.
    static let rowColumns = ["id", "folder", "data_through", "sales", "returns", "return_rate", "inventory", "method", "alerts"]

    /// The index. `products` holds one array per product (`rowColumns`): its id; its folder under
    /// `products/` (`SafeFileName`) or null when that is the id itself; its last day; average
    /// forecast sales and returns per day (units, as the overview prints them: 1 decimal), the
    /// return rate (%, 1 decimal) and the recommended inventory over the plan (units, whole) of
    /// the daemon's plan; the index of its "Forecast by" text in `methods`; and its alerts, each
    /// `[name, summary, since]` (`alert_kinds` has each name's title and action).
    static func index(_ reports: [ProductReport], context: DashboardContext) -> JSONText {
        var methods: [String] = [], methodIndex: [String: Int] = [:]
        func printed(_ v: Double, _ digits: Int) -> JSONText { .number(Double(Rendering.decimal(v, digits)) ?? 0) }
        let rows: [JSONText] = reports.map { r in
            let m = r.plan.metrics
            let methodText = method(r.sales) + " / " + method(r.returns)
            let methodNumber = methodIndex[methodText] ?? methods.count
            if methodNumber == methods.count {
                methods.append(methodText)
                methodIndex[methodText] = methodNumber
            }
            let folder = SafeFileName.encode(r.product)
            return .array([
                .string(r.product), folder == r.product ? .null : .string(folder), .string(r.dataThrough.description),
                printed(m.averageSales, 1), printed(m.averageReturns, 1), printed(m.returnRate * 100, 1),
                printed(m.recommendedInventory, 0), .integer(methodNumber),
                .array(
                    r.alerts.map { a in
                        .array([.string(a.name.rawValue), .string(a.summary), .string(readable(Timestamp(seconds: a.startsAt)))])
                    }),
            ])
        }
        return .object([
            ("format_version", .integer(2)),
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
            ("data_file", .string(DashboardProductData.file)),
            ("data_format", .integer(DashboardProductData.formatVersion)),
            (
                "alert_kinds",
                .object(AlertName.allCases.map { ($0.rawValue, .array([.string(title($0)), .string($0.action)])) })
            ),
            ("methods", .array(methods.map(JSONText.string))),
            // Whether any product has stock data: the page then says why a product has no projected stock.
            ("replenishment", .boolean(hasReplenishment(reports))),
            ("columns", .array(rowColumns.map(JSONText.string))),
            ("products", .array(rows)),
        ])
    }
}
