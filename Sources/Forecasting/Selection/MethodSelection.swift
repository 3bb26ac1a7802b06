import Foundation
import StockcastCore

/// The choice of the method that serves a series, by rolling-origin validation: at each
/// validation origin every candidate forecasts the next `horizon` days from the days before it
/// and is scored by MASE (its MAE ÷ the in-sample seasonal-naive-7 MAE of those days); the
/// candidate with the lowest mean MASE serves. Seasonal naive is scored as the yardstick but
/// never serves (it copies one week verbatim: a quiet week or a spike, repeated). The validation-weighted mean of the best
/// `combinationSize` single candidates (weights ∝ 1 ÷ their mean MASE) is a candidate of its
/// own. Every candidate's errors at the origins calibrate its prediction intervals.
package struct MethodSelection: Sendable, Equatable {
    /// Members of the combination candidate.
    package static let combinationSize = 3
    /// Validation origins between two fits of AutoETS (run forward in between): fitting costs
    /// tens of ms per series, running it µs (`stockcast-bench selection`).
    package static let refitOrigins = 6

    /// What serves and how: the method, its combination members, its interval calibration.
    package var plan: ServingPlan
    /// Mean validation MASE of every candidate (the combination included).
    package var scores: [ForecastMethod: Double]
    /// Each candidate's interval calibration.
    package var calibrations: [ForecastMethod: IntervalCalibration]
    /// The combination candidate's members (empty with fewer than two single candidates).
    package var combination: [ServingPlan.Member]
    /// Validation origins and days forecast from each.
    package var origins: Int
    package var horizon: Int
    /// The Syntetos–Boylan class of the series' last year, with ADI and CV².
    package var demand: DemandClass
    package var adi: Double?
    package var cv2: Double?
    /// What the choice was made on: each origin's actual days and MASE scale and every
    /// candidate's forecast from it (same order as `origins`).
    package var evidence: Evidence

    /// The validation days behind a choice.
    package struct Evidence: Sendable, Equatable {
        /// Index of each origin's first forecast day, newest first.
        package var origins: [Int]
        /// The `horizon` days after each origin, units/day.
        package var actuals: [[Double]]
        /// In-sample seasonal-naive MAE before each origin (nil when 0).
        package var scales: [Double?]
        /// Each candidate's forecast from each origin, units/day.
        package var forecasts: [ForecastMethod: [[Double]]]
    }

    /// The method that serves.
    package var served: ForecastMethod { plan.method }

    /// The validation origins of a series of `count` days: the newest at `newest` (by default
    /// `count − horizon`), then every `spacing` days back while at least `earliest` days precede
    /// one, at most `limit`; newest first.
    package static func origins(
        count: Int, horizon: Int, newest: Int? = nil, earliest: Int, spacing: Int = 14,
        limit: Int = 12
    ) -> [Int] {
        let last = min(newest ?? count - horizon, count - horizon)
        guard spacing >= 1, limit >= 1 else { return [] }
        return Array(stride(from: last, through: max(earliest, 1), by: -spacing).prefix(limit))
    }

    /// Chooses among the statistical candidates offered for `context` (`Candidates.offered`, or
    /// `offered` when given) and, when given, the LSTM, whose forecast from each origin is `lstm[origin]` (at least
    /// `horizon` days; an origin without one leaves the LSTM out). Each origin needs `horizon`
    /// days of `context` after it. nil with no usable origin. The LSTM serves unless another
    /// candidate's mean MASE is lower by more than `lstmMargin` of the LSTM's (a fraction; 0
    /// by default: the lowest serves).
    package static func select(
        _ context: SeriesContext, origins requested: [Int], horizon: Int,
        lstm: [Int: [Double]]? = nil, lstmMargin: Double = 0,
        offered: [ForecastMethod]? = nil
    ) -> MethodSelection? {
        let origins = requested.filter { $0 >= 1 && $0 + horizon <= context.count }
        guard horizon > 0, !origins.isEmpty else { return nil }
        var methods = (offered ?? Candidates.offered(context)).filter { $0 != .lstm && $0 != .combination }
        if !methods.contains(.seasonalMean) { methods.append(.seasonalMean) }
        if let lstm, origins.allSatisfy({ (lstm[$0]?.count ?? 0) >= horizon }) { methods.insert(.lstm, at: 0) }

        // Every candidate's forecast at every origin; a method missing at one is left out.
        // AutoETS is fitted at every `refitOrigins`-th origin from the earliest, and run forward
        // from there to the next ones (what it fitted never saw an origin's days).
        let oldestFirst = origins.sorted()
        var fitted: [Int: CandidateParameters] = [:]
        for (i, origin) in oldestFirst.enumerated() {
            fitted[origin] = i % refitOrigins == 0 ? CandidateParameters.fit(context.prefix(origin), for: methods) : fitted[oldestFirst[i - 1]]
        }
        var rows: [ForecastMethod: [[Double]]] = [:]
        var actuals: [[Double]] = [], mases: [Double?] = [], scales: [Double] = []
        for origin in origins {
            let before = context.prefix(origin)
            let closed = ClosedDays.weekdays(history: before.values, start: context.start)
            for m in methods {
                let row: [Double]?
                if m == .lstm {
                    row = lstm?[origin].map {
                        ClosedDays.apply(
                            Array($0.prefix(horizon)), closed: closed, first: context.start.advanced(by: origin),
                            weekdayAware: true)
                    }
                } else {
                    row = Candidates.forecast(m, before, horizon: horizon, closed: closed, parameters: fitted[origin] ?? nil)
                }
                if let row { rows[m, default: []].append(row) } else { methods.removeAll { $0 == m } }
            }
            actuals.append(Array(context.values[origin..<(origin + horizon)]))
            mases.append(SeasonalNaive.scale(before.values))
            scales.append(IntervalCalibration.scale(before.values))
        }
        rows = rows.filter { methods.contains($0.key) }
        guard !methods.isEmpty else { return nil }

        // Mean MASE over the origins with a scale; the mean MAE when none has one.
        let scaled = mases.contains { $0 != nil }
        func score(_ forecasts: [[Double]]) -> Double {
            var sum = 0.0, n = 0
            for (i, f) in forecasts.enumerated() {
                guard let mae = ForecastMetrics.mae(f, actuals[i]) else { continue }
                if scaled {
                    guard let s = mases[i] else { continue }
                    sum += mae / s
                } else {
                    sum += mae
                }
                n += 1
            }
            return n > 0 ? sum / Double(n) : .infinity
        }
        var scores = Dictionary(uniqueKeysWithValues: methods.map { ($0, score(rows[$0]!)) })

        // The combination of the best few; seasonal naive is the yardstick, never served.
        let ranked = methods.filter { $0 != .seasonalNaive && scores[$0]!.isFinite }.sorted { scores[$0]! < scores[$1]! }
        var combination: [ServingPlan.Member] = []
        if ranked.count >= 2 {
            let best = Array(ranked.prefix(combinationSize))
            let inverse = best.map { 1 / max(scores[$0]!, 1e-9) }
            let total = inverse.reduce(0, +)
            combination = zip(best, inverse).map { ServingPlan.Member(method: $0, weight: $1 / total) }
            rows[.combination] = origins.indices.map { i in ServingPlan.combine(combination.map { (rows[$0.method]![i], $0.weight) }) }
            scores[.combination] = score(rows[.combination]!)
            methods.append(.combination)
        }

        // The lowest mean MASE serves (the first of equal ones); the LSTM keeps its margin.
        var served = methods.filter { $0 != .seasonalNaive }.min { scores[$0]! < scores[$1]! } ?? .seasonalMean
        if served != .lstm, let l = scores[.lstm], scores[served] ?? .infinity >= (1 - lstmMargin) * l { served = .lstm }

        var calibrations: [ForecastMethod: IntervalCalibration] = [:]
        for m in methods {
            let errors = (0..<horizon).map { h in
                origins.indices.compactMap { i in scales[i] > 0 ? (actuals[i][h] - rows[m]![i][h]) / scales[i] : nil }
            }
            let values = (0..<horizon).map { h in origins.indices.compactMap { i in scales[i] > 0 ? actuals[i][h] : nil } }
            calibrations[m] = IntervalCalibration.fit(scaledErrors: errors, actuals: values)
        }
        let demand = DemandClass.classify(context.values)
        var plan = ServingPlan(method: served, members: served == .combination ? combination : [], calibration: calibrations[served])
        plan.parameters = CandidateParameters.fit(context, for: plan.methods)
        return MethodSelection(
            plan: plan, scores: scores, calibrations: calibrations, combination: combination,
            origins: origins.count, horizon: horizon, demand: demand.demandClass, adi: demand.adi, cv2: demand.cv2,
            evidence: Evidence(origins: origins, actuals: actuals, scales: mases, forecasts: rows))
    }

    /// One sentence: what serves, every candidate's figure, the demand class.
    package var reason: String {
        let order = ForecastMethod.allCases.filter { scores[$0] != nil }
        let figures = order.map { "\($0) \(String(format: "%.3f", scores[$0]!))" }.joined(separator: ", ")
        let members = combination.map { "\($0.method) \(String(format: "%.2f", $0.weight))" }.joined(separator: ", ")
        let demandText = adi.map { String(format: "%@ demand (ADI %.2f, CV² %.2f)", demand.rawValue, $0, cv2 ?? 0) } ?? "no demand"
        return "\(served) serves: the lowest mean MASE over \(origins) validation origins × \(horizon) days: \(figures)"
            + (members.isEmpty ? "" : "; combination of \(members)") + "; \(demandText)"
    }
}
