import Forecasting
import Foundation
import Planning
import Reports
import StockcastCore

/// The last stage: writes a run's outbox — each product's folder, the alert event, the summary,
/// the dashboard and the alerts in force. Every file is replaced atomically.
struct Publisher: Sendable {
    let outbox: Outbox

    /// The outbox as a `file://` URL ending in `/`: the alerts' links (`generatorURL`,
    /// `externalURL`) point into it.
    var outboxURL: String {
        let url = URL(fileURLWithPath: outbox.root, isDirectory: true).standardizedFileURL.absoluteString
        return url.hasSuffix("/") ? url : url + "/"
    }

    /// Renders and writes the files of each product's folder (`forecast.csv`, `report.json`, the
    /// three charts, `stock.svg` when the product has stock data, and the dashboard's `data.js`),
    /// rendered in groups spread over `concurrency` cores and put in place together
    /// (`StagedFiles`: two flushes of the file system for the run instead of two per file). Each
    /// file is replaced atomically. The first failure is thrown and nothing of the run's product
    /// files is put in place.
    func publishProductFiles(_ reports: [ProductReport], generatedAt now: Timestamp, concurrency: Int) async throws {
        let groupSize = 16
        let groups = stride(from: 0, to: reports.count, by: groupSize).map { Array(reports[$0..<min($0 + groupSize, reports.count)]) }
        let outbox = self.outbox
        let results = try await ParallelTraining.map(
            groups, concurrency: concurrency,
            { group, _ in
                var batch = StagedFiles()
                do {
                    for r in group {
                        try outbox.stage(
                            Outbox.productFile(r.product, "forecast.csv"), Rendering.forecastCSV(r.plan, uncertainty: r.uncertainty), into: &batch)
                        try outbox.stage(Outbox.productFile(r.product, "report.json"), Rendering.reportJSON(r, generatedAt: now), into: &batch)
                        for chart in Rendering.productCharts(r) {
                            try outbox.stage(Outbox.productFile(r.product, chart.file), chart.bytes, into: &batch)
                        }
                        if let stock = Rendering.stockChart(r) { try outbox.stage(Outbox.productFile(r.product, "stock.svg"), stock, into: &batch) }
                        try outbox.stage(Outbox.productFile(r.product, Rendering.dashboardDataFile), Rendering.dashboardData(r), into: &batch)
                    }
                } catch {
                    batch.discard()
                    throw error
                }
                return batch
            })
        var all = StagedFiles()
        var failure: (any Error)?
        for result in results {
            switch result {
            case .success(let batch): all.append(batch)
            case .failure(let error): failure = failure ?? error
            }
        }
        if let failure {
            all.discard()
            throw failure
        }
        try outbox.commit(all)
    }

    /// Writes the run's alert event (`alerts/events/`), when anything started or resolved.
    /// Called before the alert state is stored, so that a crash repeats a notification rather
    /// than losing it.
    func publishEvent(_ transition: AlertTransition, run: Int, at now: Timestamp) throws {
        guard !transition.isEmpty else { return }
        try outbox.publish(
            Outbox.alertEvent(at: now, run: run),
            Rendering.alertPayload(firing: transition.started, resolved: transition.resolved, outboxURL: outboxURL))
    }

    /// Writes `summary.csv`, `orders.csv` (once any product has stock data), `index.html` and
    /// `alerts/active.json` from every product's report. A product the page lists whose `data.js`
    /// is missing (an outbox written by a version without it) gets it first, so the page can show
    /// every product it lists.
    func publishOverview(_ all: [ProductReport], context: DashboardContext, active: [ActiveAlert]) throws {
        for r in all {
            let file = Outbox.productFile(r.product, Rendering.dashboardDataFile)
            guard !outbox.exists(file) else { continue }
            try outbox.publish(file, Rendering.dashboardData(r))
        }
        try outbox.publish(Outbox.summary, Rendering.summaryCSV(all))
        // Once any product has stock data: the proposals of every product (header only when none).
        if all.contains(where: { $0.replenishment.plan != nil }) { try outbox.publish(Outbox.orders, Rendering.ordersCSV(all)) }
        try outbox.publish(Outbox.dashboard, Rendering.dashboardHTML(all, context: context))
        try outbox.publish(Outbox.activeAlerts, Rendering.alertPayload(firing: active, resolved: [], outboxURL: outboxURL))
    }
}
