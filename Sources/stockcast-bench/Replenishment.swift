// The replenishment replay (issue 15): the last 120 days of every series of the seed data and
// the two Superstore sets, day by day. Each morning the policy sees only the past (a forecast
// from the days before, statistical methods, no LSTM), orders arrive after the lead time, and
// the day's actual net demand consumes the stock (unmet demand is lost). The service-level
// policy at 0.95 against the seed's rule (stock target = recommended inventory), lead time 7
// days, review 1 day.
import Forecasting
import Foundation
import Ingest
import Planning
import StockcastCore

/// Days replayed and measured per series, and the days before them that warm the replay up.
private let measuredDays = 120, warmUpDays = 14
private let leadTime = 7, review = 1, target = 0.95, seedFactor = 1.2

/// One series' forecasts for each replayed morning: net demand forecast over L + R and its sds.
private struct Mornings: Sendable {
    var product: String
    var start: Day
    /// Actual net demand of each replayed day.
    var actual: [Double]
    var forecasts: [[DayFigures]]
    var uncertainty: [[DayUncertainty]]
}

func replenishmentBenchmark(_ options: BenchOptions) async throws {
    let real = (options.superstore as NSString).deletingLastPathComponent
    let runs: [(title: String, path: String)] = [
        ("seed data", options.csv),
        ("Superstore APAC categories", options.superstore),
        ("Superstore APAC sub-categories", real + "/superstore_apac_subcategory.csv"),
    ]
    var table: [String] = []
    for run in runs {
        let histories = try SeedFormat.read(path: run.path).filter { $0.count > measuredDays + warmUpDays + 70 }
        let clock = ContinuousClock()
        let started = clock.now
        let results = try await ParallelTraining.map(histories, concurrency: options.concurrency) { h, _ in mornings(h) }
        let series = try results.map { try $0.get() }
        let policy = series.map { replay($0, rule: .serviceLevel) }.reduce(ReplenishmentReplay.Outcome(), +)
        let seed = series.map { replay($0, rule: .seed) }.reduce(ReplenishmentReplay.Outcome(), +)
        print(
            "== replenishment replay: \(run.title) (\(run.path)), last \(measuredDays) days of \(series.count) series, lead time \(leadTime) days, review \(review) day (forecasts in \(f((clock.now - started).seconds, 1)) s)"
        )
        if options.detail {
            for s in series {
                let p = replay(s, rule: .serviceLevel), r = replay(s, rule: .seed)
                print(
                    "  \(s.product): service level \(f(p.cycleServiceLevel, 3)) / fill \(f(p.fillRate, 3)) / stock \(f(p.averageStock, 1)) / \(p.orders) orders; seed rule \(f(r.cycleServiceLevel, 3)) / \(f(r.fillRate, 3)) / \(f(r.averageStock, 1)) / \(r.orders)"
                )
            }
        }
        print("  the forecast's own calibration: \(calibration(series))")
        for (name, o) in [("service level \(target)", policy), ("seed rule (recommended_inventory × L + R)", seed)] {
            table.append(
                "| \(run.title) | \(name) | \(f(o.cycleServiceLevel, 3)) | \(f(o.fillRate, 3)) | \(f(o.averageStock, 1)) | \(o.orders) |")
        }
    }
    print("\n| data set | policy | cycle service level | fill rate | average stock (units per series) | orders |")
    print("|---|---|---:|---:|---:|---:|")
    for row in table { print(row) }
}

/// Each replayed morning's forecast of one series, from the days before it only.
private func mornings(_ h: ProductHistory) -> Mornings {
    let first = h.count - measuredDays - warmUpDays
    let filled = h.fillingGaps()
    var forecasts: [[DayFigures]] = [], uncertainty: [[DayUncertainty]] = []
    for i in first..<h.count {
        let day = h.start.advanced(by: i)
        let sales = SeriesForecast.predict(nil, context: SeriesContext(filled, .sales).prefix(i), horizon: leadTime + review)
        let returns = SeriesForecast.predict(nil, context: SeriesContext(filled, .returns).prefix(i), horizon: leadTime + review)
        forecasts.append((0..<(leadTime + review)).map { DayFigures(day: day.advanced(by: $0), sales: sales.values[$0], returns: returns.values[$0]) })
        uncertainty.append(
            (0..<(leadTime + review)).map { DayUncertainty(day: day.advanced(by: $0), salesSD: sales.sd[$0], returnsSD: returns.sd[$0]) })
    }
    let actual = (first..<h.count).map { filled.sales[$0] - filled.returns[$0] }
    return Mornings(product: h.product, start: h.start.advanced(by: first), actual: actual, forecasts: forecasts, uncertainty: uncertainty)
}

private enum Rule { case serviceLevel, seed }

private let parameters = ReplenishmentParameters(leadTimeDays: leadTime, reviewDays: review, serviceLevel: target, moq: 0, packSize: 1)

/// The rule's order-up-to level and order on morning `t`.
private func decide(_ s: Mornings, _ t: Int, _ stock: StockPosition, rule: Rule) -> (orderUpTo: Double, order: Double) {
    switch rule {
    case .serviceLevel:
        guard
            let plan = try? Replenisher.plan(
                forecast: s.forecasts[t], uncertainty: s.uncertainty[t], stock: stock, orderDate: s.start.advanced(by: t), parameters: parameters,
                horizon: leadTime + review)
        else { return (0, 0) }
        return (plan.orderUpTo, plan.proposal?.quantity ?? 0)
    case .seed:
        // The seed's plan holds max(0, net × 1.2) each day: its stock target over the days an
        // order placed now must cover (L + R) is the sum of those; order up to it whenever below.
        let target = Planner.plan(s.forecasts[t], horizon: leadTime + review, safetyFactor: seedFactor).days.reduce(0) { $0 + $1.recommendedInventory }
        let position = stock.onHand + stock.openOrders.reduce(0) { $0 + $1.quantity }
        return (target, max(0, target - position))
    }
}

private func replay(_ s: Mornings, rule: Rule) -> ReplenishmentReplay.Outcome {
    // Each rule starts at its own order-up-to level, nothing on order.
    let initial = decide(s, 0, StockPosition(onHand: 0), rule: rule).orderUpTo
    return ReplenishmentReplay.run(actual: s.actual, start: s.start, measuredFrom: warmUpDays, onHand: max(0, initial), leadTime: leadTime) {
        t, _, stock in decide(s, t, stock, rule: rule).order
    }
}

/// How often the actual net demand over L + R stayed within the forecast's quantile at the
/// target (forecast + z·σ, σ from the daily sds as independent), and the mean of
/// (actual − forecast) ÷ σ and its sd: the forecast's own calibration over the protection interval.
private func calibration(_ series: [Mornings]) -> String {
    let z = NormalDistribution.quantile(target)
    var within = 0, count = 0
    var scores: [Double] = []
    for s in series {
        for t in warmUpDays..<(s.actual.count - leadTime - review + 1) {
            let forecast = s.forecasts[t].reduce(0) { $0 + $1.sales - $1.returns }
            let sd = s.uncertainty[t].reduce(0) { $0 + $1.netDemandSD * $1.netDemandSD }.squareRoot()
            let actual = s.actual[t..<(t + leadTime + review)].reduce(0, +)
            count += 1
            if actual <= forecast + z * sd { within += 1 }
            if sd > 0 { scores.append((actual - forecast) / sd) }
        }
    }
    let mean = scores.reduce(0, +) / Double(max(scores.count, 1))
    let sd = (scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(scores.count - 1, 1))).squareRoot()
    return
        "L + R demand at or below forecast + z·σ on \(f(100 * Double(within) / Double(max(count, 1)), 1)) % of \(count) mornings; (actual − forecast) ÷ σ has mean \(f(mean)) and sd \(f(sd)) (1.00 if σ were right)"
}
