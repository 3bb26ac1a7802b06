import ArgumentParser
import Daemon
import Forecasting
import Foundation
import Ingest
import Logging
import Neural
import StockcastCore
import Store

/// `stockcast train`: maintains the stored history's models in `models/` as the daemon would, or
/// trains a CSV's models into a directory of their own (`--out`).
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the sales and returns LSTMs of each product.",
        discussion: """
            With --csv, trains from a CSV in the seed's format (Date,Product_ID,Sales,Returns) \
            with the seed schedule: 30-day windows relative to their level with calendar features, \
            30 days forecast at once, chronological 80/20 split, up to 30 epochs with early \
            stopping. The MAE columns score every validation window's 30-day forecast. Products \
            train in parallel, one model per core.
            """
    )

    @OptionGroup var directories: Directories

    @Option(help: "Train only this product.")
    var product: String?

    @Flag(help: "Retrain the stored history's models from scratch instead of fine-tuning them (training from --csv is always from scratch).")
    var full = false

    @Option(help: "Train from this seed-format CSV instead of the stored history.")
    var csv: String?

    @Option(help: "With --csv: the directory the models are written to (never the daemon's models directory).")
    var out = "csv-models"

    @Option(help: "Models trained at once (default: the number of cores).")
    var concurrency = ResourceUsage.cores

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard !out.isEmpty else { throw ValidationError("--out must name a directory") }
    }

    /// The same directory, however it is spelled (relative, `./`, trailing slashes, links).
    static func sameDirectory(_ a: String, _ b: String) -> Bool {
        func canonical(_ path: String) -> String {
            URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        }
        return canonical(a) == canonical(b)
    }

    func run() async throws {
        let settings = try await directories.settings()
        guard let csv else {
            try await trainStoredHistory(settings)
            return
        }
        var histories: [ProductHistory]
        do {
            histories = try SeedFormat.read(path: csv)
        } catch {
            throw CommandFailure("cannot train: \(error)")
        }
        if let product {
            histories = histories.filter { $0.product == product }
            guard !histories.isEmpty else { throw CommandFailure("product \(product) does not occur in \(csv)") }
        }

        // The daemon's models and their registry are its state: a CSV's models go elsewhere.
        guard !Self.sameDirectory(out, settings.models) else {
            throw ValidationError("--out \(out) is the daemon's models directory; train --csv writes to a directory of its own")
        }
        let store = ModelFiles(root: out)
        var jobs = TrainingJob.jobs(for: histories)
        for index in jobs.indices {
            // A retrained model records the version it replaces; an unreadable one is reported
            // (and set aside when the new model is written).
            do {
                jobs[index].parentVersion = try store.read(product: jobs[index].product, series: jobs[index].series)?.metadata.version
            } catch {
                Terminal.note("warning: \(error); it will be kept aside and replaced")
            }
        }
        let configuration = settings.model
        let width = min(concurrency, jobs.count)
        let warmStarts = try await Self.warmStarts(jobs, settings: settings, store: store, concurrency: width)
        Terminal.note("training \(jobs.count) models (\(histories.count) products × sales, returns), \(width) at a time, kernel \(Kernels.activeDescription)")
        let clock = ContinuousClock()
        let started = clock.now
        let names = jobs.map { "\($0.product) \($0.series)" }
        let results = try await ParallelTraining.run(jobs, configuration: configuration, warmStarts: warmStarts, concurrency: width) { p in
            let what = names[p.index]
            switch p.result {
            case let .success(o):
                Terminal.note(
                    String(
                        format: "[%d/%d] %@: %d epochs (best %d), test MAE %.2f units, %@; about %@ left",
                        p.completed, p.total, what, o.report.epochsRun, o.report.bestEpoch, o.testMAE,
                        Terminal.seconds(o.report.seconds), Terminal.seconds(p.remaining)))
            case let .failure(error):
                Terminal.note("[\(p.completed)/\(p.total)] \(what): not trained: \(error)")
            }
        }
        let elapsed = clock.now - started

        var failures: [String] = []
        var trained: [String: [SeriesKind: TrainingOutcome]] = [:]
        for (job, result) in zip(jobs, results) {
            switch result {
            case let .success(outcome):
                do {
                    let written = try store.write(outcome.model)
                    if let kept = written.damagedKeptAt { Terminal.note("the unreadable model it replaces is kept as \(kept)") }
                    trained[job.product, default: [:]][job.series] = outcome
                } catch {
                    failures.append("\(job.product) \(job.series): cannot write the model: \(error)")
                }
            case let .failure(error):
                failures.append("\(job.product) \(job.series): \(error)")
            }
        }

        print(Self.resultsTable(products: histories.map(\.product), trained: trained))
        print("Total time: \(Terminal.seconds(elapsed.seconds)) for \(trained.values.reduce(0) { $0 + $1.count }) models; written to \(out)/")
        if !failures.isEmpty {
            throw CommandFailure("\(failures.count) of \(jobs.count) models not trained:\n  " + failures.joined(separator: "\n  "))
        }
    }

    /// The bases a CSV's training starts from, as the daemon's full retrain would have them: one
    /// per series kind with at least `warmStart.minimumSeries` series, trained on all of them and
    /// stored in `store`'s `.base/` (a base that cannot be trained or stored is reported).
    static func warmStarts(
        _ jobs: [TrainingJob], settings: DaemonSettings, store: ModelFiles, concurrency: Int
    ) async throws -> [SeriesKind: WarmStart] {
        let warm = settings.warmStart, configuration = settings.model
        let kinds = SeriesKind.allCases.filter { kind in
            warm.minimumSeries > 0 && BaseModel.pooled(jobs, series: kind, configuration: configuration).count >= warm.minimumSeries
        }
        guard !kinds.isEmpty else { return [:] }
        Terminal.note("training the base models of \(kinds.map(\.rawValue).joined(separator: " and ")) (warm start)")
        let trained = try await store.trainBases(jobs, kinds: kinds, settings: settings, concurrency: concurrency)
        for problem in trained.problems { Terminal.note("warning: \(problem)") }
        return trained.starts
    }

    /// Trains the stored history's series (a full retrain with --full, otherwise initial
    /// training or fine-tuning as the daemon would) and publishes the outbox.
    func trainStoredHistory(_ settings: DaemonSettings) async throws {
        try Directories.requireHistory(settings)
        LogfmtHandler.bootstrap(level: .info)
        let lock = try Run.lockModels(settings)
        defer { withExtendedLifetime(lock) {} }
        let pipeline = try Pipeline(settings: settings, logger: Logger(label: "stockcast"))
        let count = try await pipeline.markForTraining(product: product)
        guard count > 0 else {
            throw CommandFailure(
                product.map { "product \($0) has no stored history" }
                    ?? "there is no stored history yet: run the daemon on some files, or pass --csv FILE with Date,Product_ID,Sales,Returns columns")
        }
        Terminal.note("training \(count) product(s)\(full ? " from scratch" : "")")
        try await pipeline.publish(forceFull: full)
    }

    /// One row per product, as the seed's summary: epochs and validation MAE (relative to the
    /// level, and in units) of each series.
    static func resultsTable(products: [String], trained: [String: [SeriesKind: TrainingOutcome]]) -> String {
        var rows = [
            [
                "Product", "Sales epochs", "Sales MAE (÷ level)", "Sales MAE (units)",
                "Returns epochs", "Returns MAE (÷ level)", "Returns MAE (units)",
            ]
        ]
        func cells(_ o: TrainingOutcome?) -> [String] {
            guard let o else { return ["–", "–", "–"] }
            return [String(o.report.epochsRun), String(format: "%.4f", o.testMAEScaled), String(format: "%.2f", o.testMAE)]
        }
        for product in products {
            rows.append([product] + cells(trained[product]?[.sales]) + cells(trained[product]?[.returns]))
        }
        func mean(_ kind: SeriesKind) -> [String] {
            let all = trained.values.compactMap { $0[kind] }
            guard !all.isEmpty else { return ["", "–", "–"] }
            let n = Double(all.count)
            return [
                "", String(format: "%.4f", all.reduce(0) { $0 + $1.testMAEScaled } / n),
                String(format: "%.2f", all.reduce(0) { $0 + $1.testMAE } / n),
            ]
        }
        if products.count > 1 { rows.append(["mean"] + mean(.sales) + mean(.returns)) }
        return Terminal.table(rows)
    }
}
