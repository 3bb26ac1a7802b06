import Forecasting
import Foundation
import Logging
import Planning
import Reports
import StockcastCore
import Store

/// One series to maintain: its history and its current model.
struct MaintenanceItem: Sendable {
    var job: TrainingJob
    var current: SeriesModel?
}

extension Pipeline {
    /// One run: maintains the models of every series whose history changed (in parallel, one
    /// per core), forecasts and plans the products concerned, evaluates alerts and publishes the
    /// outbox. `forceFull` retrains the pending series from scratch.
    public func publish(forceFull: Bool = false) async throws {
        let clock = ContinuousClock()
        let started = clock.now
        status.state = "processing"
        let run = try database.nextRun()
        let files = takeFilesSinceRun()
        // The history of every product this run touches, read once from one snapshot.
        let pending = try database.pendingSeries()
        let products = try database.productsToPublish()
        let histories = Dictionary(uniqueKeysWithValues: try database.histories(Array(Set(products + pending.map(\.product))).sorted())
            .map { ($0.product, $0) })
        let maintained = try await maintain(pending, histories: histories, forceFull: forceFull)
        let trainedAt = clock.now

        let forecasts = try await forecast(products.compactMap { histories[$0] })
        let forecastAt = clock.now

        var reports: [String: ProductReport] = [:]
        for product in products {
            guard let h = histories[product], let f = forecasts[product] else { continue }
            if let report = try report(product, history: h, forecast: f) { reports[product] = report }
        }
        // Alerts: the product rules for the products just planned, FileRejected for the files
        // handled since the last run (a later accepted file of the same name resolves it).
        var conditions: [AlertCondition] = []
        for product in products {
            guard let r = reports[product] else { continue }
            conditions += AlertRules.evaluate(product: product, plan: r.plan, thresholds: settings.thresholds)
            let live = [(SeriesKind.sales, r.salesAccuracy), (.returns, r.returnsAccuracy)].compactMap { kind, a -> AlertRules.LiveComparison? in
                guard let mae = a.mae7, let naive = a.naiveMAE7 else { return nil }
                return AlertRules.LiveComparison(series: kind, days: min(a.days, 7), mae: mae, naiveMAE: naive)
            }
            if let degraded = AlertRules.forecastDegraded(product: product, live: live, thresholds: settings.thresholds) {
                conditions.append(degraded)
            }
        }
        for (name, message) in files.rejections.sorted(by: { $0.key < $1.key }) {
            conditions.append(AlertCondition(name: .fileRejected, subject: name, summary: message))
        }
        var evaluated = AlertLifecycle.productFingerprints(products)
        for name in files.names { evaluated.insert(AlertCondition.fingerprint(name: .fileRejected, subject: name)) }
        let now = Timestamp.now()
        let transition = AlertLifecycle.transition(active: try database.activeAlerts(), conditions: conditions,
                                                   evaluated: evaluated, now: now.seconds)
        for product in products where reports[product] != nil {
            reports[product]!.alerts = transition.active.filter { $0.subject == product && $0.name != .fileRejected }
        }

        // Events first: a crash before the alert state is stored repeats a notification
        // rather than losing it.
        if !transition.isEmpty {
            try outbox.publish(Outbox.alertEvent(at: now, run: run),
                               Rendering.alertPayload(firing: transition.started, resolved: transition.resolved))
        }
        try database.replaceAlerts(transition.active)
        for product in products {
            guard let r = reports[product] else { continue }
            try outbox.publish(Outbox.productFile(product, "forecast.csv"), Rendering.forecastCSV(r.plan, uncertainty: r.uncertainty))
            try outbox.publish(Outbox.productFile(product, "report.json"), Rendering.reportJSON(r, generatedAt: now))
        }
        try outbox.publish(Outbox.summary, Rendering.summaryCSV(try summaryReports(updated: reports, alerts: transition.active)))
        try outbox.publish(Outbox.activeAlerts, Rendering.alertPayload(firing: transition.active, resolved: []))
        try database.markPublished(products)
        status.lastRun = .now()
        status.lastSuccessfulRun = status.lastRun
        writeStatus(state: "idle")
        logger.info("run published", metadata: [
            "run": "\(run)", "files": "\(files.names.count)", "series_maintained": "\(maintained)",
            "products_published": "\(products.count)", "alerts_started": "\(transition.started.count)",
            "alerts_resolved": "\(transition.resolved.count)", "alerts_active": "\(transition.active.count)",
            "train_ms": "\(ms(trainedAt - started))", "forecast_ms": "\(ms(forecastAt - trainedAt))",
            "publish_ms": "\(ms(clock.now - forecastAt))", "total_ms": "\(ms(clock.now - started))",
        ])
    }

    /// Maintains the pending series; returns how many.
    private func maintain(_ pending: [(product: String, series: SeriesKind)], histories: [String: ProductHistory],
                          forceFull: Bool) async throws -> Int {
        guard !pending.isEmpty else { return 0 }
        var items: [MaintenanceItem] = []
        for (product, series) in pending {
            guard let history = histories[product] else { continue }
            var current: SeriesModel?
            do {
                current = try modelFiles.read(product: product, series: series)
            } catch {
                fail("\(error); \(product) \(series) is trained afresh")
            }
            items.append(MaintenanceItem(job: TrainingJob(product: product, series: series, start: history.start,
                                                          values: history.values(series)), current: current))
        }
        let model = settings.model, tuning = settings.fineTuning, logger = self.logger
        let names = items.map { "\($0.job.product) \($0.job.series)" }
        let results = try await ParallelTraining.map(items, concurrency: settings.concurrency, { item, isCancelled in
            try ModelMaintenance.update(item.job, current: item.current, forceFull: forceFull, configuration: model,
                                        fineTuning: tuning, isCancelled: isCancelled)
        }, progress: { p in
            guard p.total >= 4 else { return }
            logger.info("training progress", metadata: [
                "done": "\(p.completed)/\(p.total)", "series": "\(names[p.index])",
                "elapsed_s": "\(Int(p.elapsed))", "eta_s": "\(Int(p.remaining.rounded()))",
            ])
        })
        for (item, result) in zip(items, results) {
            let product = item.job.product, series = item.job.series
            switch result {
            case let .success(update):
                var registered: ModelRecord?
                if update.isNew, let m = update.model {
                    let written = try modelFiles.write(m)
                    if let kept = written.damagedKeptAt { fail("unreadable model kept as \(kept)") }
                    registered = ModelRecord(product: product, series: series, version: m.metadata.version,
                                             parentVersion: m.metadata.parentVersion, trainedThrough: m.metadata.trainedThrough,
                                             validationMAE: m.metadata.validationMAE, decision: update.decision)
                }
                try database.recordMaintenance(product: product, series: series, source: update.source.rawValue,
                                               version: update.model?.metadata.version, decision: update.decision,
                                               registered: registered, at: .now())
                logger.info("series maintained", metadata: [
                    "product": "\(product)", "series": "\(series.rawValue)", "decision": "\(update.decision)",
                    "seconds": "\(String(format: "%.2f", update.report?.seconds ?? 0))",
                ])
            case let .failure(error):
                // Marked done with the reason, so that a series that cannot train is not retried
                // on every file; its forecast stays with the current model or the fallback.
                try database.recordMaintenance(product: product, series: series,
                                               source: SeriesForecast.method(item.current, historyDays: item.job.values.count).rawValue,
                                               version: item.current?.metadata.version, decision: "not trained: \(error)",
                                               registered: nil, at: .now())
                fail("\(product) \(series): not trained: \(error)")
            }
        }
        return items.count
    }

    /// Forecasts `forecastDays` days of both series of each product from the day after its
    /// history ends, by the method that serves each series, stores them with their error sds
    /// (they are scored when the actuals arrive) and returns them with the models behind them.
    private func forecast(_ histories: [ProductHistory]) async throws -> [String: ProductForecast] {
        let days = max(settings.forecastDays, settings.horizon)
        var inputs: [(ProductHistory, SeriesModel?, SeriesModel?)] = []
        for h in histories {
            func model(_ s: SeriesKind) -> SeriesModel? {
                do {
                    return try modelFiles.read(product: h.product, series: s)
                } catch {
                    fail("\(error); forecasting \(h.product) \(s) with a baseline")
                    return nil
                }
            }
            inputs.append((h, model(.sales), model(.returns)))
        }
        let results = try await ParallelTraining.map(inputs, concurrency: settings.concurrency, { input, _ in
            let (h, sales, returns) = input
            return (SeriesForecast.predict(sales, history: h.sales, start: h.start, horizon: days),
                    SeriesForecast.predict(returns, history: h.returns, start: h.start, horizon: days))
        })
        var out: [String: ProductForecast] = [:]
        for (input, result) in zip(inputs, results) {
            let h = input.0
            guard case let .success((sales, returns)) = result else { continue }
            let start = h.end.advanced(by: 1)
            try database.saveForecast(product: h.product, series: .sales, start: start, values: sales.values, sd: sales.sd, madeThrough: h.end)
            try database.saveForecast(product: h.product, series: .returns, start: start, values: returns.values, sd: returns.sd, madeThrough: h.end)
            out[h.product] = ProductForecast(start: start, sales: sales.values, returns: returns.values,
                                             salesSD: sales.sd, returnsSD: returns.sd,
                                             methods: [.sales: sales.method, .returns: returns.method],
                                             models: [.sales: input.1, .returns: input.2])
        }
        return out
    }

    /// The report of one product: from the store, except what the caller already has (its
    /// history, its forecast and the models that made it).
    func report(_ product: String, history: ProductHistory? = nil, forecast given: ProductForecast? = nil) throws -> ProductReport? {
        guard let h = try history ?? database.history(product: product) else { return nil }
        var forecast = given
        if forecast == nil, let s = try database.forecast(product: product, series: .sales),
           let r = try database.forecast(product: product, series: .returns), s.start == r.start {
            var models: [SeriesKind: SeriesModel?] = [:]
            for k in SeriesKind.allCases { models[k] = try? modelFiles.read(product: product, series: k) }
            func method(_ k: SeriesKind) -> ForecastMethod { SeriesForecast.method(models[k] ?? nil, historyDays: h.count) }
            forecast = ProductForecast(start: s.start, sales: s.values, returns: r.values, salesSD: s.sd, returnsSD: r.sd,
                                       methods: [.sales: method(.sales), .returns: method(.returns)], models: models)
        }
        guard let forecast else { return nil }
        let plan: InventoryPlan
        do {
            plan = try Planner.plan(forecast.days, uncertainty: forecast.uncertainty, horizon: settings.horizon, policy: settings.policy)
        } catch {
            fail("\(product): \(error); planned with the safety factor instead")
            plan = Planner.plan(forecast.days, horizon: settings.horizon, safetyFactor: settings.safetyFactor)
        }
        let states = try database.seriesStates(product: product)
        func info(_ s: SeriesKind) -> ModelInfo {
            let state = states[s]
            let m = forecast.models.map { $0[s] ?? nil } ?? (try? modelFiles.read(product: product, series: s))
            let method = forecast.methods[s] ?? .seasonalNaive
            var selection = m?.metadata.selection ?? ""
            if m == nil {
                selection = "\(method) serves: no LSTM yet (" + (state?.decision ?? "not trained") + ")"
            } else if method != m!.metadata.servedBy {
                selection = "\(method) serves: the LSTM cannot forecast from this history"
            }
            return ModelInfo(source: method.rawValue, version: m?.metadata.version, trainedThrough: m?.metadata.trainedThrough,
                             validationMAE: m?.metadata.validationMAE,
                             decision: state?.decision ?? (m == nil ? "no model" : "model v\(m!.metadata.version)"),
                             selection: selection)
        }
        func accuracy(_ s: SeriesKind) throws -> LiveAccuracy {
            let scored = try database.scoredDays(product: product, series: s, limit: 30)
            let values = h.values(s)
            // What the weekly seasonal-naive forecast made on the same day would have said.
            func naive(_ d: ScoredDay) -> Double? {
                let ahead = d.madeThrough.distance(to: d.day)
                guard ahead >= 1 else { return nil }
                let index = h.start.distance(to: d.day) - 7 * ((ahead + 6) / 7)
                return index >= 0 && index < values.count ? values[index] : nil
            }
            func mean(_ days: ArraySlice<ScoredDay>, _ f: (ScoredDay) -> Double?) -> Double? {
                let v = days.compactMap(f)
                return v.isEmpty || v.count < days.count ? nil : v.reduce(0, +) / Double(v.count)
            }
            let week = scored.prefix(7), month = scored.prefix(30)
            return LiveAccuracy(days: try database.scoredDayCount(product: product, series: s),
                                mae7: mean(week) { abs($0.forecast - $0.actual) }, mae30: mean(month) { abs($0.forecast - $0.actual) },
                                bias7: mean(week) { $0.forecast - $0.actual }, bias30: mean(month) { $0.forecast - $0.actual },
                                naiveMAE7: mean(week) { d in naive(d).map { abs($0 - d.actual) } },
                                naiveMAE30: mean(month) { d in naive(d).map { abs($0 - d.actual) } })
        }
        let first = max(0, h.count - 90)
        let history = (first..<h.count).map { DayFigures(day: h.start.advanced(by: $0), sales: h.sales[$0], returns: h.returns[$0]) }
        return ProductReport(product: product, dataThrough: h.end, history: history, forecast: forecast.days,
                             uncertainty: forecast.uncertainty, plan: plan,
                             sales: info(.sales), returns: info(.returns), salesAccuracy: try accuracy(.sales),
                             returnsAccuracy: try accuracy(.returns), alerts: [])
    }

    /// Reports of every product for `summary.csv`: the ones just made, the others from the store.
    private func summaryReports(updated: [String: ProductReport], alerts: [ActiveAlert]) throws -> [ProductReport] {
        try database.products().compactMap { product in
            guard var r = try updated[product] ?? report(product) else { return nil }
            r.alerts = alerts.filter { $0.subject == product && $0.name != .fileRejected }
            return r
        }
    }
}

// MARK: - For the command line

extension Pipeline {
    /// The product's report from the store, planned over `horizon` days with `safetyFactor`
    /// (the settings' when nil); nil for an unknown product or one never forecast.
    public func productReport(_ product: String, horizon: Int? = nil, safetyFactor: Double? = nil) throws -> ProductReport? {
        guard var r = try report(product) else { return nil }
        let policy = safetyFactor.map { InventoryPolicy.safetyFactor($0) } ?? settings.policy
        r.plan = try Planner.plan(r.forecast, uncertainty: r.uncertainty, horizon: horizon ?? settings.horizon, policy: policy)
        r.alerts = try database.activeAlerts().filter { $0.subject == product && $0.name != .fileRejected }
        return r
    }

    /// The stored histories (one product's, or all).
    public func histories(product: String?) throws -> [ProductHistory] {
        try database.histories(product.map { [$0] })
    }

    /// Marks both series of `product` (every product when nil) for maintenance; returns how
    /// many products.
    public func markForTraining(product: String?) throws -> Int {
        let products = try product.map { [$0] } ?? database.products()
        let known = Set(try database.products())
        let chosen = products.filter { known.contains($0) }
        try database.markPending(chosen.flatMap { p in SeriesKind.allCases.map { (p, $0) } })
        return chosen.count
    }
}

/// One product's forecast of both series, with the error sd of each day and what made it.
struct ProductForecast: Sendable {
    var start: Day
    var sales: [Double]
    var returns: [Double]
    var salesSD: [Double]
    var returnsSD: [Double]
    var methods: [SeriesKind: ForecastMethod]
    /// The models read for this run (nil: read them when needed).
    var models: [SeriesKind: SeriesModel?]?

    var days: [DayFigures] {
        (0..<min(sales.count, returns.count)).map { DayFigures(day: start.advanced(by: $0), sales: sales[$0], returns: returns[$0]) }
    }

    var uncertainty: [DayUncertainty] {
        (0..<min(salesSD.count, returnsSD.count)).map { DayUncertainty(day: start.advanced(by: $0), salesSD: salesSD[$0], returnsSD: returnsSD[$0]) }
    }
}
