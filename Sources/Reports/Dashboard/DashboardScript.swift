/// The dashboard's two scripts. They live as JavaScript files beside this one, `plan.js` and
/// `page.js`, and are embedded into the binary when it is built (`resources: [.embedInCode(…)]`
/// in Package.swift: SwiftPM turns each file into a `[UInt8]` constant of `PackageResources`,
/// named after the file with `.` as `_`), so the installed `stockcast` stays one file.
enum DashboardScript {
    /// `plan.js`, the dashboard's arithmetic in JavaScript: the plan, the headline metrics, the
    /// three plan alert rules, forecast.csv and the chart lines, computed in the page from the
    /// embedded forecasts when a control moves. It is the page's only copy of that arithmetic and
    /// mirrors `Planner.plan`, `Planner.metrics`, `AlertRules.evaluate`, `Rendering.forecastCSV`
    /// and `Chart.pathData`/`bandPoints` operation for operation (same order of additions, so the
    /// same doubles); DashboardScriptTests runs it under Node against them. It touches no DOM, so
    /// it runs outside a browser too. Defines `StockcastPlan`.
    static let plan = String(decoding: PackageResources.plan_js, as: UTF8.self)

    /// `page.js`, the dashboard's behaviour: the controls, the cards, the charts' moving parts,
    /// the alerts, the table and its CSV download. All arithmetic is `StockcastPlan`'s (`plan`);
    /// this script only reads the embedded data and writes the DOM.
    static let page = String(decoding: PackageResources.page_js, as: UTF8.self)
}
