import Foundation

/// How a series is served: the chosen method (for a combination, its members and weights) and
/// the calibration of its prediction intervals. Written into the model file's metadata
/// (`serving`, JSON) so that the forecast and its bounds can be recomputed from the file and the
/// history; a series without a model gets its plan from the history at forecast time.
package struct ServingPlan: Sendable, Equatable, Codable {
    /// One member of a combination.
    package struct Member: Sendable, Equatable, Codable {
        package var method: ForecastMethod
        /// Its weight, a fraction; the weights of a combination sum to 1.
        package var weight: Double
    }

    package var method: ForecastMethod
    /// The members when `method` is the combination, empty otherwise.
    package var members: [Member]
    /// The calibration of the intervals; nil: the method's own error sds, as normal intervals.
    package var calibration: IntervalCalibration?
    /// What the statistical methods of the plan fitted when it was chosen: re-run on the
    /// history at forecast time instead of fitted again (nil: fitted at forecast time).
    package var parameters: CandidateParameters?

    package init(
        method: ForecastMethod, members: [Member] = [], calibration: IntervalCalibration? = nil,
        parameters: CandidateParameters? = nil
    ) {
        self.method = method
        self.members = members
        self.calibration = calibration
        self.parameters = parameters
    }

    /// The methods whose forecasts make the served one: the members of a combination, or the method.
    package var methods: [ForecastMethod] { method == .combination ? members.map(\.method) : [method] }

    /// Σ weight × row, day by day (rows of equal length), divided by the weights' sum.
    static func combine(_ rows: [([Double], Double)]) -> [Double] {
        guard let days = rows.map(\.0.count).min(), days > 0 else { return [] }
        let total = rows.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return [] }
        return (0..<days).map { d in rows.reduce(0) { $0 + $1.0[d] * $1.1 } / total }
    }

    /// The plan as compact JSON (keys sorted, in snake_case as `note` names them).
    package var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// A plan from `json`; nil when it is not one, or not one that can serve: a calibration
    /// or parameters that are not `isValid`, a combination without members or with weights that are not
    /// positive and finite (or members that are combinations themselves).
    package init?(json: String) {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let plan = try? decoder.decode(ServingPlan.self, from: Data(json.utf8)) else { return nil }
        guard plan.calibration?.isValid ?? true, plan.parameters?.isValid ?? true,
            plan.method != .combination || !plan.members.isEmpty,
            plan.members.allSatisfy({ $0.weight.isFinite && $0.weight > 0 && $0.method != .combination })
        else { return nil }
        self = plan
    }
}

extension ServingPlan {
    /// How a script recomputes the served forecast from the plan and the history (model metadata).
    package static let note =
        "method: the forecasting method that serves (lstm: this file's network; the others are fitted to the history at forecast time, see README 'Forecasts and how sure they are'); members: for method combination, the weighted mean of the members' forecasts day by day; every method's forecast is clamped at 0 and 0 on the closed weekdays. parameters: what auto_ets fitted (ets; sales_ets for returns_from_sales' future sales) when the plan was chosen, re-run over the last 728 days of history at forecast time from initial states taken from their first weeks (report.json's recipe gives the resulting states). calibration: bands of forecast days from first_day, each with the 0.025/0.10/0.80/0.90/0.95/0.975 quantiles, the rms of (actual - forecast) / scale on the validation origins and the share of those days that were 0 (zero_share), scale = mean |y[t] - y[t-7]| over the last 364 days of history (their mean when that is 0); day h (1-based) uses the last band with first_day <= h: m = sqrt(ceil(h / horizon)) * scale, lo80 = max(0, min(f, f + q10 * m)), hi80 = max(f, f + q90 * m), but when zero_share >= 0.10: lo80 = 0, hi80 = max(f, f + q80 * m); lo95/hi95 likewise with q025/q975, and when zero_share >= 0.025 lo95 = 0, hi95 = max(f, f + q95 * m); error sd = rms * m. Closed weekdays: forecast, bounds and sd 0."
}
