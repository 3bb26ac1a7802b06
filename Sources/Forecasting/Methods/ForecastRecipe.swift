import Foundation
import StockcastCore

/// What a script needs to recompute a served forecast and its bounds without refitting
/// anything (report.json `models.<series>.recipe`): every fitted method's figures and formula,
/// the combination's weights, the closed weekdays, and the scale and calibration of the
/// intervals. The LSTM's part is its model file (safetensors metadata).
package struct ForecastRecipe: Sendable, Equatable, Codable {
    /// One fitted method.
    package struct Part: Sendable, Equatable, Codable {
        package var method: ForecastMethod
        /// Its weight in the served forecast, a fraction (1 for a single method).
        package var weight: Double
        /// How day h (1-based) of its raw forecast follows from `figures`.
        package var formula: String
        /// The fitted figures by name (units/day, fractions, or per-day vectors).
        package var figures: [String: [Double]]

        package init(method: ForecastMethod, weight: Double = 1, formula: String, figures: [String: [Double]] = [:]) {
            self.method = method
            self.weight = weight
            self.formula = formula
            self.figures = figures
        }
    }

    /// The method that serves (`combination` when `parts` are weighted together).
    package var method: ForecastMethod
    package var parts: [Part]
    /// The first forecast day (the day after the product's last day of history).
    package var firstDay: Day
    /// ISO weekdays (1 = Monday … 7 = Sunday) forecast as 0 (`ClosedDays`).
    package var closedWeekdays: [Int]
    /// The intervals' scale, units/day (`IntervalCalibration.scale`).
    package var scale: Double
    /// The intervals' calibration; nil: forecast ± z·sd with the method's own error sds.
    package var calibration: IntervalCalibration?

    /// How the parts make the served forecast and its bounds.
    package static let note =
        "day h (1-based, day 1 = first_day) of each part: its formula, clamped at 0; on closed_weekdays 0, and a part whose method knows no weekdays (croston_sba, tsb, adida, imapa) multiplied by 7 / (7 - number of closed weekdays) on the other days; served forecast f = sum of weight * part (weights sum to 1); bounds from f with calibration and scale as the model metadata's serving_note says (sd and bounds 0 on closed weekdays); lstm parts: the series' model file"

    /// The recipe as report.json carries it: keys in snake_case, the first day as YYYY-MM-DD.
    package var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: (try? encoder.encode(Serialised(self))) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The encoded form (the day as text, the note included).
    private struct Serialised: Encodable {
        var method: ForecastMethod
        var parts: [Part]
        var firstDay: String
        var closedWeekdays: [Int]
        var scale: Double
        var calibration: IntervalCalibration?
        var note: String

        init(_ r: ForecastRecipe) {
            method = r.method
            parts = r.parts
            firstDay = r.firstDay.description
            closedWeekdays = r.closedWeekdays
            scale = r.scale
            calibration = r.calibration
            note = ForecastRecipe.note
        }
    }
}

extension ForecastRecipe.Part {
    /// The formulas of the statistical methods (`Candidates.fitted` fills the figures).
    enum Formula {
        static let week = "f[h] = week[(h - 1) mod 7]"
        static let seasonalMean = "f[h] = level * profile[ISO weekday of day h - 1]; week = the first 7 days"
        static let ets =
            "%@: u = level + phi_h * trend (phi_h = phi + ... + phi^h; h when undamped; no trend: level); f[h] = u + seasonal[(h - 1) mod 7] (additive season), u * seasonal[(h - 1) mod 7] (multiplicative), u (none)"
        static let holtWinters = "f[h] = level + h * trend + seasonal[(h - 1) mod 7]"
        static let flat = "f[h] = rate"
        static let returnsFromSales =
            "S = recent_sales ++ future_sales (future_sales: the sales forecast by auto_ets, clamped at 0); f[h] = rate * sum over k = 0..14 of weights[k] * S[14 + h - 1 - k]"
        static let lstm = "the series' LSTM: see its model file's metadata (horizon_note for days after output_days)"
    }
}
