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
    package func publish(forceFull: Bool = false) async throws {
        try checkStorage()
        let clock = ContinuousClock()
        let started = clock.now
        status.state = .processing
        let settings = self.settings
        let run = try database.nextRun()
        // The files recorded since the last publication come from the ledger: a run that
        // fails or is killed leaves them for the next one.
        let files = try filesSinceRun()
        // The history of every product this run touches, read once from one snapshot.
        let pending = try database.pendingSeries()
        let products = try database.productsToPublish()
        let histories = Dictionary(
            uniqueKeysWithValues: try database.histories(Array(Set(products + pending.map(\.product))).sorted())
                .map { ($0.product, $0) })
        // The models never see a gap as a day without sales: they see it estimated.
        let modelling = histories.mapValues { $0.fillingGaps() }
        if !pending.isEmpty { writeStatus(state: .training) }
        let maintained: ModelUpkeep.Result
        do {
            maintained = try await upkeep.run(pending, histories: modelling, forceFull: forceFull, settings: settings)
        } catch let failure as UpkeepFailure {
            fail(failure.problems)
            throw failure.underlying
        }
        fail(maintained.problems)
        status.state = .processing
        let trainedAt = clock.now

        var problems: [String] = []
        let forecasts = try await self.forecasts.run(
            products.compactMap { modelling[$0] }, maintained: maintained.forecasts,
            settings: settings, problems: &problems)
        let forecastAt = clock.now

        var reports: [String: ProductReport] = [:]
        for product in products {
            guard let h = histories[product], let f = forecasts[product] else { continue }
            reports[product] = try assembly.report(
                product, history: h, forecast: f, horizon: settings.horizon, policy: settings.policy,
                fallbackSafetyFactor: settings.safetyFactor, replenishment: settings.replenishmentDefaults, problems: &problems)
        }
        fail(problems)
        let now = Timestamp.now()
        let transition = AlertEvaluation.transition(
            active: try database.alertsInForce(), reports: reports, products: products,
            gaps: histories.mapValues(\.gapDays), fileNames: files.names,
            rejections: files.rejections,
            thresholds: settings.thresholds, now: now)
        let alertsByProduct = AlertEvaluation.productAlerts(transition.active)
        for product in products where reports[product] != nil {
            reports[product]!.alerts = alertsByProduct[product] ?? []
        }

        logger.debug("writing outbox", metadata: ["run": "\(run)", "products": "\(products.count)"])
        // Events first: a crash before the alert state is stored repeats a notification
        // rather than losing it.
        try publisher.publishEvent(transition, run: run, at: now)
        try database.replaceAlerts(transition.active.map(\.row), filesThrough: files.through)
        let writeStarted = clock.now
        try await publisher.publishProductFiles(
            products.compactMap { reports[$0] }, generatedAt: now,
            concurrency: settings.concurrency)
        let all = try summaryReports(updated: reports, alerts: alertsByProduct)
        let context = DashboardContext(
            generatedAt: now, horizon: settings.horizon, policy: settings.policy,
            thresholds: settings.thresholds, fileAlerts: transition.active.filter { !$0.name.isProductAlert },
            fallbackSafetyFactor: settings.safetyFactor)
        try publisher.publishOverview(all, context: context, active: transition.active)
        try database.markPublished(products)
        outbox.keepReserve()
        status.lastRun = .now()
        status.lastSuccessfulRun = status.lastRun
        writeStatus(state: .idle)
        logger.info(
            "run published",
            metadata: [
                "run": "\(run)", "files": "\(files.count)", "series_maintained": "\(maintained.count)",
                "products_published": "\(products.count)", "alerts_started": "\(transition.started.count)",
                "alerts_resolved": "\(transition.resolved.count)", "alerts_active": "\(transition.active.count)",
                "train_ms": "\(ms(trainedAt - started))", "forecast_ms": "\(ms(forecastAt - trainedAt))",
                "publish_ms": "\(ms(clock.now - forecastAt))", "outbox_write_ms": "\(ms(clock.now - writeStarted))",
                "total_ms": "\(ms(clock.now - started))",
            ])
    }

    /// Reports of every product for `summary.csv`: the ones just made, the others as this
    /// pipeline last made or read them (a product not published in a run has not changed),
    /// from the store the first time.
    private func summaryReports(updated: [String: ProductReport], alerts: [String: [ActiveAlert]]) throws -> [ProductReport] {
        for (product, r) in updated { summaryCache[product] = r }
        var problems: [String] = []
        defer { fail(problems) }
        return try database.products().compactMap { product in
            if summaryCache[product] == nil {
                summaryCache[product] = try assembly.report(
                    product, horizon: settings.horizon, policy: settings.policy,
                    fallbackSafetyFactor: settings.safetyFactor, replenishment: settings.replenishmentDefaults, problems: &problems)
            }
            guard var r = summaryCache[product] else { return nil }
            r.alerts = alerts[product] ?? []
            return r
        }
    }
}

// MARK: - For the command line

extension Pipeline {
    /// The product's report from the store, planned over `horizon` days with `safetyFactor`
    /// (the settings' horizon and policy when nil); nil for an unknown product or one never forecast.
    package func productReport(_ product: String, horizon: Int? = nil, safetyFactor: Double? = nil) throws -> ProductReport? {
        let policy = safetyFactor.map { InventoryPolicy.safetyFactor($0) } ?? settings.policy
        var problems: [String] = []
        defer { fail(problems) }
        guard
            var r = try assembly.report(
                product, horizon: horizon ?? settings.horizon, policy: policy,
                fallbackSafetyFactor: settings.safetyFactor, replenishment: settings.replenishmentDefaults, problems: &problems)
        else { return nil }
        r.alerts = AlertEvaluation.productAlerts(try database.alertsInForce())[product] ?? []
        return r
    }

    /// The stored histories (one product's, or all).
    package func histories(product: String?) throws -> [ProductHistory] {
        try database.histories(product.map { [$0] })
    }

    /// Marks both series of `product` (every product when nil) for maintenance; returns how
    /// many products.
    package func markForTraining(product: String?) throws -> Int {
        let known = try database.products()
        let chosen = product.map { p in known.filter { $0 == p } } ?? known
        try database.markPending(chosen.flatMap { p in SeriesKind.allCases.map { (p, $0) } })
        return chosen.count
    }
}
