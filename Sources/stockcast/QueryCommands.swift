import ArgumentParser
import Daemon
import Foundation
import Ingest
import Logging
import Planning
import Reports
import StockcastCore

/// `stockcast forecast`: one product's forecast and plan from the stored models.
struct ForecastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Print a product's forecast and inventory plan.")

    @OptionGroup var directories: Directories

    @Option(help: "The product id.")
    var product: String

    @Option(help: "Days to plan (7–90; default: the configured horizon, 30).")
    var horizon: Int?

    @Option(help: "Safety factor (1.0–2.0); plans with the seed's rule. Without it, the configured policy (default: safety factor 1.2).")
    var safetyFactor: Double?

    @Option(help: "table, csv or json.")
    var format = "table"

    func validate() throws {
        guard horizon.map(Planner.horizons.contains) ?? true else { throw ValidationError("--horizon must be 7–90 days") }
        guard safetyFactor.map(Planner.safetyFactors.contains) ?? true else { throw ValidationError("--safety-factor must be 1.0–2.0") }
        guard ["table", "csv", "json"].contains(format) else { throw ValidationError("--format must be table, csv or json") }
    }

    func run() async throws {
        let settings = try await directories.settings()
        try Directories.requireHistory(settings)
        let pipeline = try Pipeline(settings: settings, logger: Logger(label: "stockcast"))
        guard let r = try await pipeline.productReport(product, horizon: horizon, safetyFactor: safetyFactor) else {
            throw CommandFailure("no forecast for product \(product): it has no history yet, or the daemon has not run since it arrived")
        }
        switch format {
        case "csv": print(String(decoding: Rendering.forecastCSV(r.plan, uncertainty: r.uncertainty), as: UTF8.self), terminator: "")
        case "json": print(String(decoding: Rendering.reportJSON(r, generatedAt: .now()), as: UTF8.self), terminator: "")
        default:
            let m = r.plan.metrics
            print(
                "\(r.product): data through \(r.dataThrough); sales \(r.sales.source)\(r.sales.version.map { " v\($0)" } ?? ""), returns \(r.returns.source)\(r.returns.version.map { " v\($0)" } ?? ""); plan: \(r.plan.policy)"
            )
            for (name, m) in [("sales", r.sales), ("returns", r.returns)] where !m.selection.isEmpty { print("\(name): \(m.selection)") }
            print(
                String(
                    format: "avg sales %.1f/day, avg returns %.1f/day, return rate %.1f %%, recommended inventory %.0f units over %d days",
                    m.averageSales, m.averageReturns, m.returnRate * 100, m.recommendedInventory, r.plan.days.count))
            var rows = [["Date", "Sales", "Sales 80 %", "Returns", "Returns 80 %", "Net demand", "Recommended"]]
            let byDay = Dictionary(r.uncertainty.map { ($0.day, $0) }, uniquingKeysWith: { a, _ in a })
            for d in r.plan.days {
                // The 80 % intervals as forecast.csv has them (calibrated, or forecast ± z·sd).
                let i = Rendering.intervals(sales: d.forecastSales, returns: d.forecastReturns, byDay[d.day])
                func band(_ lower: Int) -> String { i.map { String(format: "%.0f–%.0f", $0[lower], $0[lower + 1]) } ?? "" }
                rows.append([
                    d.day.description, String(format: "%.1f", d.forecastSales), band(0),
                    String(format: "%.1f", d.forecastReturns), band(4),
                    String(format: "%.1f", d.netDemand), String(format: "%.0f", d.recommendedInventory),
                ])
            }
            print(Terminal.table(rows))
            for a in r.alerts { print("ALERT \(a.name.rawValue): \(a.summary). \(a.name.action).") }
        }
    }
}

/// `stockcast history`: the stored history as seed-format CSV.
struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the stored history as Date,Product_ID,Sales,Returns CSV, every day from each product's first to last.")

    @OptionGroup var directories: Directories

    @Option(help: "Only this product.")
    var product: String?

    func run() async throws {
        let settings = try await directories.settings()
        try Directories.requireHistory(settings)
        let pipeline = try Pipeline(settings: settings, logger: Logger(label: "stockcast"))
        let histories = try await pipeline.histories(product: product)
        if let product, histories.isEmpty { throw CommandFailure("no history for product \(product)") }
        print(SeedFormat.render(histories), terminator: "")
    }
}

/// `stockcast status`: what the daemon last published in status.json.
struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the daemon's status (outbox/status.json) and whether it is running.",
        discussion:
            "Exit status 0 when a daemon runs on these directories, 3 when none does (status.json then tells how the last one left off), 1 when there is no status at all."
    )

    @OptionGroup var directories: Directories

    func run() async throws {
        let settings = try await directories.settings()
        let path = settings.outbox + "/" + Outbox.status
        let holder = InstanceLock.holder(of: settings.models)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("no status yet at \(path): the daemon has not run with this outbox")
        }
        print(String(decoding: data, as: UTF8.self), terminator: "")
        if holder.held {
            Terminal.note("stockcast is running\(holder.pid.map { " (pid \($0))" } ?? "") on \(settings.models)")
        } else {
            Terminal.note(
                "stockcast is not running on \(settings.models): no process holds \(settings.models)/stockcast.lock; status.json tells how the last run left off"
            )
            throw ExitCode(3)
        }
    }
}
