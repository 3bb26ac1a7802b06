import Forecasting
import Foundation
import Logging
import Planning
import Reports
import StockcastCore
import Store

extension Pipeline {
    /// One run: maintains the models of every series whose history changed (in parallel, one
    /// per core), forecasts and plans the products concerned, evaluates alerts and publishes the
    /// outbox. `forceFull` retrains the pending series from scratch.
    public func publish(forceFull: Bool = false) async throws {
        let clock = ContinuousClock()
        let started = clock.now
        status.state = "processing"
        let run = try database.nextRun()
        // The files recorded since the last publication come from the ledger: a run that
        // fails or is killed leaves them for the next one.
        let files = try filesSinceRun()
        // The history of every product this run touches, read once from one snapshot.
        let pending = try database.pendingSeries()
        let products = try database.productsToPublish()
        let histories = Dictionary(uniqueKeysWithValues: try database.histories(Array(Set(products + pending.map(\.product))).sorted())
            .map { ($0.product, $0) })
        let (maintained, models) = try await maintain(pending, histories: histories, forceFull: forceFull)
        let trainedAt = clock.now

        let forecasts = try await forecast(products.compactMap { histories[$0] }, known: models)
        let forecastAt = clock.now

        var reports: [String: ProductReport] = [:]
        for product in products {
            guard let h = histories[product], let f = forecasts[product] else { continue }
            reports[product] = try report(product, history: h, forecast: f, horizon: settings.horizon, policy: settings.policy)
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
        let alertsByProduct = Self.productAlerts(transition.active)
        for product in products where reports[product] != nil {
            reports[product]!.alerts = alertsByProduct[product] ?? []
        }

        logger.debug("writing outbox", metadata: ["run": "\(run)", "products": "\(products.count)"])
        // Events first: a crash before the alert state is stored repeats a notification
        // rather than losing it.
        if !transition.isEmpty {
            try outbox.publish(Outbox.alertEvent(at: now, run: run),
                               Rendering.alertPayload(firing: transition.started, resolved: transition.resolved))
        }
        try database.replaceAlerts(transition.active, filesThrough: files.through)
        let writeStarted = clock.now
        try await publishProductFiles(products.compactMap { reports[$0] }, generatedAt: now)
        let all = try summaryReports(updated: reports, alerts: alertsByProduct)
        try outbox.publish(Outbox.summary, Rendering.summaryCSV(all))
        let context = DashboardContext(generatedAt: now, horizon: settings.horizon, policy: settings.policy,
                                       thresholds: settings.thresholds, fileAlerts: transition.active.filter { !$0.name.isProductAlert },
                                       fallbackSafetyFactor: settings.safetyFactor)
        try outbox.publish(Outbox.dashboard, Rendering.dashboardHTML(all, context: context))
        try outbox.publish(Outbox.activeAlerts, Rendering.alertPayload(firing: transition.active, resolved: []))
        try database.markPublished(products)
        outbox.keepReserve()
        status.lastRun = .now()
        status.lastSuccessfulRun = status.lastRun
        writeStatus(state: "idle")
        logger.info("run published", metadata: [
            "run": "\(run)", "files": "\(files.names.count)", "series_maintained": "\(maintained)",
            "products_published": "\(products.count)", "alerts_started": "\(transition.started.count)",
            "alerts_resolved": "\(transition.resolved.count)", "alerts_active": "\(transition.active.count)",
            "train_ms": "\(ms(trainedAt - started))", "forecast_ms": "\(ms(forecastAt - trainedAt))",
            "publish_ms": "\(ms(clock.now - forecastAt))", "outbox_write_ms": "\(ms(clock.now - writeStarted))",
            "total_ms": "\(ms(clock.now - started))",
        ])
    }

    /// Renders and writes the files of each product's folder (`forecast.csv`, `report.json`, the
    /// three charts), in groups spread over the cores: rendering is pure, and one group's writes
    /// wait on the disk while another renders. The first failure is thrown.
    private func publishProductFiles(_ reports: [ProductReport], generatedAt now: Timestamp) async throws {
        let groupSize = 16
        let groups = stride(from: 0, to: reports.count, by: groupSize).map { Array(reports[$0..<min($0 + groupSize, reports.count)]) }
        let outbox = self.outbox
        let results = try await ParallelTraining.map(groups, concurrency: settings.concurrency, { group, _ in
            for r in group {
                try outbox.publish(Outbox.productFile(r.product, "forecast.csv"), Rendering.forecastCSV(r.plan, uncertainty: r.uncertainty))
                try outbox.publish(Outbox.productFile(r.product, "report.json"), Rendering.reportJSON(r, generatedAt: now))
                for chart in Rendering.productCharts(r) {
                    try outbox.publish(Outbox.productFile(r.product, chart.file), chart.bytes)
                }
            }
        })
        for result in results { try result.get() }
    }

    /// Forecasts `forecastDays` days of both series of each product from the day after its
    /// history ends, by the method that serves each series, stores them with their error sds
    /// and method (they are scored when the actuals arrive) and returns them with the models
    /// behind them. `known` holds the models maintenance just settled; the others are read.
    private func forecast(_ histories: [ProductHistory], known: [String: [SeriesKind: SeriesModel?]]) async throws
        -> [String: ProductForecast] {
        let days = max(settings.forecastDays, settings.horizon)
        let inputs = histories.map { h in (h, models(h.product, known: known[h.product] ?? [:])) }
        let results = try await ParallelTraining.map(inputs, concurrency: settings.concurrency, { input, _ in
            let (h, models) = input
            return (SeriesForecast.predict(models[.sales], history: h.sales, start: h.start, horizon: days),
                    SeriesForecast.predict(models[.returns], history: h.returns, start: h.start, horizon: days))
        })
        var out: [String: ProductForecast] = [:]
        var records: [ForecastRecord] = []
        for ((h, models), result) in zip(inputs, results) {
            guard case let .success((sales, returns)) = result else { continue }
            let f = ProductForecast(start: h.end.advanced(by: 1), sales: sales, returns: returns, models: models)
            for kind in SeriesKind.allCases {
                let p = f[kind]
                records.append(ForecastRecord(product: h.product, series: kind, start: f.start, values: p.values, sd: p.sd,
                                              method: p.method.rawValue, madeThrough: h.end))
            }
            out[h.product] = f
        }
        try database.saveForecasts(records)
        return out
    }

    /// The models of both series of `product`: `known` ones as given, the others read (an
    /// unreadable file is reported and left out, so a baseline serves).
    private func models(_ product: String, known: [SeriesKind: SeriesModel?] = [:]) -> [SeriesKind: SeriesModel] {
        var out: [SeriesKind: SeriesModel] = [:]
        for kind in SeriesKind.allCases {
            if let given = known[kind] {
                out[kind] = given
                continue
            }
            do {
                out[kind] = try modelFiles.read(product: product, series: kind)
            } catch {
                fail("\(error); forecasting \(product) \(kind) with a baseline")
            }
        }
        return out
    }

    /// The report of one product planned over `horizon` days with `policy`: from the store,
    /// except what the caller already has (its history, its forecast and the models behind it).
    func report(_ product: String, history: ProductHistory? = nil, forecast given: ProductForecast? = nil,
                horizon: Int, policy: InventoryPolicy) throws -> ProductReport? {
        guard let h = try history ?? database.history(product: product) else { return nil }
        var forecast = given
        if forecast == nil, let s = try database.forecast(product: product, series: .sales),
           let r = try database.forecast(product: product, series: .returns), s.start == r.start {
            let models = models(product)
            func prediction(_ k: SeriesKind, _ stored: StoredForecast) -> SeriesPrediction {
                let method = ForecastMethod(rawValue: stored.method) ?? SeriesForecast.method(models[k], historyDays: h.count)
                return SeriesPrediction(method: method, values: stored.values, sd: stored.sd)
            }
            forecast = ProductForecast(start: s.start, sales: prediction(.sales, s), returns: prediction(.returns, r), models: models)
        }
        guard let forecast else { return nil }
        let plan: InventoryPlan
        do {
            plan = try Planner.plan(forecast.days, uncertainty: forecast.uncertainty, horizon: horizon, policy: policy)
        } catch {
            fail("\(product): \(error); planned with the safety factor instead")
            plan = Planner.plan(forecast.days, horizon: horizon, safetyFactor: settings.safetyFactor)
        }
        let states = try database.seriesStates(product: product)
        func info(_ s: SeriesKind) -> ModelInfo {
            let decision = states[s]?.decision
            let m = forecast.models[s]
            let method = forecast[s].method
            var selection = m?.metadata.selection ?? ""
            if m == nil {
                selection = "\(method) serves: no LSTM yet (" + (decision ?? "not trained") + ")"
            } else if method != m!.metadata.servedBy {
                selection = "\(method) serves: the LSTM cannot forecast from this history"
            }
            return ModelInfo(source: method.rawValue, version: m?.metadata.version, trainedThrough: m?.metadata.trainedThrough,
                             validationMAE: m?.metadata.validationMAE,
                             decision: decision ?? (m == nil ? "no model" : "model v\(m!.metadata.version)"),
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

    /// Reports of every product for `summary.csv`: the ones just made, the others as this
    /// pipeline last made or read them (a product not published in a run has not changed),
    /// from the store the first time.
    private func summaryReports(updated: [String: ProductReport], alerts: [String: [ActiveAlert]]) throws -> [ProductReport] {
        for (product, r) in updated { summaryCache[product] = r }
        return try database.products().compactMap { product in
            if summaryCache[product] == nil {
                summaryCache[product] = try report(product, horizon: settings.horizon, policy: settings.policy)
            }
            guard var r = summaryCache[product] else { return nil }
            r.alerts = alerts[product] ?? []
            return r
        }
    }

    /// The product alerts among `active`, by product.
    static func productAlerts(_ active: [ActiveAlert]) -> [String: [ActiveAlert]] {
        Dictionary(grouping: active.filter(\.name.isProductAlert), by: \.subject)
    }
}

// MARK: - For the command line

extension Pipeline {
    /// The product's report from the store, planned over `horizon` days with `safetyFactor`
    /// (the settings' horizon and policy when nil); nil for an unknown product or one never forecast.
    public func productReport(_ product: String, horizon: Int? = nil, safetyFactor: Double? = nil) throws -> ProductReport? {
        let policy = safetyFactor.map { InventoryPolicy.safetyFactor($0) } ?? settings.policy
        guard var r = try report(product, horizon: horizon ?? settings.horizon, policy: policy) else { return nil }
        r.alerts = Self.productAlerts(try database.activeAlerts())[product] ?? []
        return r
    }

    /// The stored histories (one product's, or all).
    public func histories(product: String?) throws -> [ProductHistory] {
        try database.histories(product.map { [$0] })
    }

    /// Marks both series of `product` (every product when nil) for maintenance; returns how
    /// many products.
    public func markForTraining(product: String?) throws -> Int {
        let known = try database.products()
        let chosen = product.map { p in known.filter { $0 == p } } ?? known
        try database.markPending(chosen.flatMap { p in SeriesKind.allCases.map { (p, $0) } })
        return chosen.count
    }
}

/// One product's forecast of both series, with the error sd of each day, the method that made
/// each and the models behind them.
struct ProductForecast: Sendable {
    var start: Day
    var sales: SeriesPrediction
    var returns: SeriesPrediction
    /// The series' models (absent: none, a baseline serves).
    var models: [SeriesKind: SeriesModel]

    subscript(kind: SeriesKind) -> SeriesPrediction { kind == .sales ? sales : returns }

    var days: [DayFigures] {
        (0..<min(sales.values.count, returns.values.count)).map {
            DayFigures(day: start.advanced(by: $0), sales: sales.values[$0], returns: returns.values[$0])
        }
    }

    var uncertainty: [DayUncertainty] {
        (0..<min(sales.sd.count, returns.sd.count)).map {
            DayUncertainty(day: start.advanced(by: $0), salesSD: sales.sd[$0], returnsSD: returns.sd[$0])
        }
    }
}
