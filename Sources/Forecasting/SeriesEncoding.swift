import Foundation
import Neural
import StockcastCore

/// How a window of days becomes the network's input and how its output becomes units
/// (model file format 2). Written out in words in every model file's metadata, so that another
/// framework can rebuild the inputs from the file alone.
///
/// - level: `max(1, mean of the last levelDays days up to the window's last day)`, units/day.
///   Dividing by it makes the network see shape, not size, so a trend that carries the series
///   past anything seen in training does not push the inputs out of range; a level over more
///   days than the window is less noisy.
/// - per input day: `value / level − 1`, then the day's calendar: weekday and day of the year
///   as points on a circle (sin, cos), known in advance for every day to come.
/// - output: `outputDays` values, one per day after the window: `units = level × (1 + output)`,
///   clamped at 0.
struct SeriesEncoding: Sendable, Equatable {
    /// Days per input window.
    var length: Int
    /// Days forecast by one pass.
    var outputDays: Int
    /// Days averaged for the level (at least `length`).
    var levelDays: Int

    init(length: Int, outputDays: Int, levelDays: Int) {
        self.length = length
        self.outputDays = outputDays
        self.levelDays = max(levelDays, length)
    }

    /// Input features per day, in order.
    static let featureNames = ["value", "weekday_sin", "weekday_cos", "year_sin", "year_cos"]
    static var features: Int { featureNames.count }
    /// The smallest level, units/day: keeps near-empty series from dividing by almost nothing.
    static let minimumLevel = 1.0

    /// How each feature is computed, for the metadata.
    static let featureFormulas = [
        "value / level - 1: value is the day's units (the sum of its rows, 0 on a day without rows); level = max(1, mean of the level_days days ending with the window's last day)",
        "sin(2*pi*(weekday - 1)/7), weekday ISO 1 = Monday .. 7 = Sunday",
        "cos(2*pi*(weekday - 1)/7)",
        "sin(2*pi*(day_of_year - 1)/365.25), day_of_year 1 = 1 January",
        "cos(2*pi*(day_of_year - 1)/365.25)",
    ]
    static let outputFormula = "output_days values, one per day after the window, day 1 first: units = level * (1 + output), clamped at 0; level as in the features"

    /// Days of history before the first forecast day that one window needs.
    var history: Int { levelDays }

    /// The level of the days ending at `end` (exclusive) of `values`, units/day.
    func level(_ values: [Double], end: Int) -> Double {
        let days = values[max(0, end - levelDays)..<end]
        guard !days.isEmpty else { return Self.minimumLevel }
        return max(Self.minimumLevel, days.reduce(0, +) / Double(days.count))
    }

    /// The calendar features of `day`.
    static func calendar(_ day: Day) -> (Float, Float, Float, Float) {
        let w = 2 * Double.pi * Double(day.weekday - 1) / 7
        let y = 2 * Double.pi * Double(day.dayOfYear - 1) / 365.25
        return (Float(sin(w)), Float(cos(w)), Float(sin(y)), Float(cos(y)))
    }

    /// Appends the inputs of the window ending at `end` (exclusive) of `values`, which start on
    /// `start`; returns the window's level.
    @discardableResult
    func appendInputs(_ values: [Double], start: Day, end: Int, to inputs: inout [Float]) -> Double {
        let level = level(values, end: end)
        for d in (end - length)..<end {
            let (ws, wc, ys, yc) = Self.calendar(start.advanced(by: d))
            inputs += [Float(values[d] / level - 1), ws, wc, ys, yc]
        }
        return level
    }

    /// Units from one output value of a window with this level.
    static func units(_ output: Float, level: Double) -> Double {
        max(0, level * (1 + Double(output)))
    }

    /// The input of the window ending with the last day of `values` (from `start`), to forecast
    /// the days after them, with its level.
    func latestWindow(_ values: [Double], start: Day) -> (data: SequenceDataset, level: Double) {
        var inputs: [Float] = []
        let level = appendInputs(values, start: start, end: values.count, to: &inputs)
        return (SequenceDataset(steps: length, features: Self.features, outputs: outputDays, inputs: inputs,
                                targets: [Float](repeating: 0, count: outputDays)), level)
    }

    /// The forecast origins of `values`: the indices `end` of the first forecast day of every
    /// window with `history` days before it and `outputDays` after it, oldest first.
    func origins(count: Int) -> Range<Int> {
        let first = history, last = count - outputDays
        return first <= last ? first..<(last + 1) : first..<first
    }

    /// The window of every origin in `origins`, with targets (the `outputDays` days that
    /// followed, relative to the level) and levels.
    func windows(_ values: [Double], start: Day, origins: Range<Int>) -> (data: SequenceDataset, levels: [Double]) {
        var inputs: [Float] = []
        inputs.reserveCapacity(origins.count * length * Self.features)
        var targets: [Float] = []
        targets.reserveCapacity(origins.count * outputDays)
        var levels: [Double] = []
        for end in origins {
            let level = appendInputs(values, start: start, end: end, to: &inputs)
            for d in end..<(end + outputDays) { targets.append(Float(values[d] / level - 1)) }
            levels.append(level)
        }
        return (SequenceDataset(steps: length, features: Self.features, outputs: outputDays, inputs: inputs, targets: targets), levels)
    }
}
