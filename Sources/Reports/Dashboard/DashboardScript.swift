/// The dashboard's scripts. They live as JavaScript files beside this one and are embedded into
/// the binary when it is built (`resources: [.embedInCode(…)]` in Package.swift: SwiftPM turns
/// each file into a `[UInt8]` constant of `PackageResources`, named after the file with `.` as
/// `_`), so the installed `stockcast` stays one file.
enum DashboardScript {
    /// `plan.js`, the dashboard's arithmetic in JavaScript: the plan, the headline metrics, the
    /// three plan alert rules, forecast.csv, the chart lines and value axes, computed in the page
    /// from the product's data when a control moves. It is the page's only copy of that arithmetic
    /// and mirrors `Planner.plan`, `Planner.metrics`, `AlertRules.evaluate`, `Rendering.forecastCSV`,
    /// `Chart.pathData`/`bandPoints` and `ValueTicks` operation for operation (same order of
    /// additions, so the same doubles); DashboardScriptTests runs it under Node against them. It
    /// touches no DOM, so it runs outside a browser too. Defines `StockcastPlan`.
    static let plan = String(decoding: PackageResources.plan_js, as: UTF8.self)

    /// `overview.js`, the overview's rows read from the page's index, filtered, sorted (most
    /// alerts first to begin with) and paged. No DOM either (DashboardOverviewTests runs it
    /// under Node). Defines `StockcastOverview`.
    static let overview = String(decoding: PackageResources.overview_js, as: UTF8.self)

    /// `charts.js`, the chosen product's charts in the page: its data.js's SVG frames put in
    /// place, their lines drawn and value axes fitted with `StockcastPlan`, and each day's values
    /// shown under the pointer. Defines `StockcastCharts`.
    static let charts = String(decoding: PackageResources.charts_js, as: UTF8.self)

    /// `page.js`, the dashboard's behaviour: the overview table, loading the chosen product's
    /// data.js (the one place that does), the controls and the product's panels (the one list of
    /// them), the table and its CSV download. All arithmetic is `StockcastPlan`'s (`plan`).
    static let page = String(decoding: PackageResources.page_js, as: UTF8.self)

    /// The page's scripts in the order it runs them, with their element ids.
    static let all = [("stockcast-plan", plan), ("stockcast-overview", overview), ("stockcast-charts", charts), ("stockcast-page", page)]
}
