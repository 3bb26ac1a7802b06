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
/// Mornings between two choices of each series' forecasting method.
private let reselectDays = 7

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
        let policy = pooled(series, .serviceLevel(target)), seed = pooled(series, .seed(seedFactor))
        print(
            "== replenishment replay: \(run.title) (\(run.path)), last \(measuredDays) days of \(series.count) series, lead time \(leadTime) days, review \(review) day (forecasts in \(f((clock.now - started).seconds, 1)) s)"
        )
        if options.detail {
            for s in series {
                let p = replay(s, rule: .serviceLevel(target)), r = replay(s, rule: .seed(seedFactor))
                print(
                    "  \(s.product): service level \(f(p.cycleServiceLevel, 3)) / fill \(f(p.fillRate, 3)) / stock \(f(p.averageStock, 1)) / \(p.orders) orders; seed rule \(f(r.cycleServiceLevel, 3)) / \(f(r.fillRate, 3)) / \(f(r.averageStock, 1)) / \(r.orders)"
                )
            }
        }
        print("  the forecast's own calibration: \(calibration(series))")
        var rows = [("service level \(target)", policy), ("seed rule (factor \(seedFactor))", seed)]
        // At equal fill rates: the seed's factor that first reaches the policy's fill rate, and
        // the service level that first reaches the seed rule's (bisection; fill rises with both).
        if let factor = smallest(0.5...4, reaching: policy.fillRate, { pooled(series, .seed($0)) }) {
            rows.append(("seed rule at the policy's fill rate (factor \(f(factor, 3)))", pooled(series, .seed(factor))))
        } else {
            rows.append(("seed rule: no factor up to 4 reaches the policy's fill rate", pooled(series, .seed(4))))
        }
        if let level = smallest(0.5...0.999, reaching: seed.fillRate, { pooled(series, .serviceLevel($0)) }) {
            rows.append(("service level at the seed rule's fill rate (\(f(level, 3)))", pooled(series, .serviceLevel(level))))
        } else {
            rows.append(("service level: 0.999 does not reach the seed rule's fill rate", pooled(series, .serviceLevel(0.999))))
        }
        for (name, o) in rows {
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
    var plans: (sales: ServingPlan?, returns: ServingPlan?) = (nil, nil)
    for i in first..<h.count {
        let day = h.start.advanced(by: i)
        let sales = SeriesContext(filled, .sales).prefix(i), returns = SeriesContext(filled, .returns).prefix(i)
        // The method is chosen again every `reselectDays` mornings (as the daemon does without an
        // LSTM, but not daily: choosing costs 12 validation origins of every candidate); the
        // chosen method is fitted to the history of each morning.
        if (i - first) % reselectDays == 0 { plans = (SeriesForecast.plan(sales), SeriesForecast.plan(returns)) }
        let salesForecast = SeriesForecast.predict(plan: plans.sales, context: sales, horizon: leadTime + review)
        let returnsForecast = SeriesForecast.predict(plan: plans.returns, context: returns, horizon: leadTime + review)
        forecasts.append(
            (0..<(leadTime + review)).map {
                DayFigures(day: day.advanced(by: $0), sales: salesForecast.values[$0], returns: returnsForecast.values[$0])
            })
        uncertainty.append(
            (0..<(leadTime + review)).map {
                DayUncertainty(day: day.advanced(by: $0), salesSD: salesForecast.sd[$0], returnsSD: returnsForecast.sd[$0])
            })
    }
    let actual = (first..<h.count).map { filled.sales[$0] - filled.returns[$0] }
    return Mornings(product: h.product, start: h.start.advanced(by: first), actual: actual, forecasts: forecasts, uncertainty: uncertainty)
}

private enum Rule {
    /// The service-level policy at this target.
    case serviceLevel(Double)
    /// The seed's rule with this factor.
    case seed(Double)
}

/// The rule's order-up-to level and order on morning `t`.
private func decide(_ s: Mornings, _ t: Int, _ stock: StockPosition, rule: Rule) -> (orderUpTo: Double, order: Double) {
    switch rule {
    case .serviceLevel(let level):
        let parameters = ReplenishmentParameters(leadTimeDays: leadTime, reviewDays: review, serviceLevel: level, moq: 0, packSize: 1)
        guard
            let plan = try? Replenisher.plan(
                forecast: s.forecasts[t], uncertainty: s.uncertainty[t], stock: stock, orderDate: s.start.advanced(by: t), parameters: parameters,
                horizon: leadTime + review)
        else { return (0, 0) }
        return (plan.orderUpTo, plan.proposal?.quantity ?? 0)
    case .seed(let factor):
        // The seed's plan holds max(0, net × 1.2) each day: its stock target over the days an
        // order placed now must cover (L + R) is the sum of those; order up to it whenever below.
        let target = Planner.plan(s.forecasts[t], horizon: leadTime + review, safetyFactor: factor).days.reduce(0) { $0 + $1.recommendedInventory }
        let position = stock.onHand + stock.openOrders.reduce(0) { $0 + $1.quantity }
        return (target, max(0, target - position))
    }
}

/// The outcome of every series under `rule`, pooled.
private func pooled(_ series: [Mornings], _ rule: Rule) -> ReplenishmentReplay.Outcome {
    series.map { replay($0, rule: rule) }.reduce(ReplenishmentReplay.Outcome(), +)
}

/// The smallest parameter in `range` whose pooled fill rate reaches `fill` (to 0.001 of the
/// range, by bisection); nil when the top of the range does not.
private func smallest(_ range: ClosedRange<Double>, reaching fill: Double, _ outcome: (Double) -> ReplenishmentReplay.Outcome) -> Double? {
    guard outcome(range.upperBound).fillRate >= fill else { return nil }
    if outcome(range.lowerBound).fillRate >= fill { return range.lowerBound }
    var low = range.lowerBound, high = range.upperBound
    while high - low > 0.001 * (range.upperBound - range.lowerBound) {
        let middle = (low + high) / 2
        if outcome(middle).fillRate >= fill { high = middle } else { low = middle }
    }
    return high
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
