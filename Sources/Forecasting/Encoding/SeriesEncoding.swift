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
/// - weekday profile: each weekday's mean over the last `weekdayDays` days ÷ the mean of the
///   seven, so a weekly pattern is taken from the recent data and followed when it changes
///   (the Superstore series moved their quiet days in 2018; a weekday feature learnt from the
///   years before kept the old ones).
/// - per input day: `(value − level × profile[weekday]) / level`, then the day of the year as a
///   point on a circle (sin, cos), known in advance for every day to come.
/// - output: `outputDays` values, one per day after the window:
///   `units = level × (profile[weekday] + output)`, clamped at 0.
struct SeriesEncoding: Sendable, Equatable {
    /// Days per input window.
    var length: Int
    /// Days forecast by one pass.
    var outputDays: Int
    /// Days averaged for the level (at least `length`).
    var levelDays: Int
    /// Days whose weekday profile scales the values.
    var weekdayDays: Int

    init(length: Int, outputDays: Int, levelDays: Int, weekdayDays: Int) {
        self.length = length
        self.outputDays = outputDays
        self.levelDays = max(levelDays, length)
        self.weekdayDays = max(weekdayDays, 7)
    }

    /// Input features per day, in order.
    static let featureNames = ["value", "year_sin", "year_cos"]
    static var features: Int { featureNames.count }
    /// The smallest level, units/day: keeps near-empty series from dividing by almost nothing.
    static let minimumLevel = 1.0

    /// How each feature is computed, for the metadata.
    static let featureFormulas = [
        "(value - level * profile[weekday]) / level: value is the day's units (the sum of its rows, 0 on a day without rows); level = max(1, mean of the level_days days ending with the window's last day); profile[w] = the mean of weekday w's values among the weekday_days days ending with the window's last day (fewer at the start of the series) divided by the mean of the 7 weekday means, all 1 when that mean is 0 or a weekday is missing; weekday ISO 1 = Monday .. 7 = Sunday",
        "sin(2*pi*(day_of_year - 1)/365.25), day_of_year 1 = 1 January",
        "cos(2*pi*(day_of_year - 1)/365.25)",
    ]
    static let outputFormula =
        "output_days values, one per day after the window, day 1 first: units = level * (profile[weekday of the day] + output), clamped at 0; level and profile as in the features"

    /// Days of history before the first forecast day that one window needs (a weekday profile
    /// is taken over the days there are, up to `weekdayDays`).
    var history: Int { levelDays }

    /// The scale of the window ending at `end` (exclusive) of `values`, which start on `start`.
    func scale(_ values: [Double], start: Day, end: Int) -> WindowScale {
        let level = level(values, end: end)
        var sums = [Double](repeating: 0, count: 7), counts = sums
        for d in max(0, end - weekdayDays)..<end {
            let w = start.advanced(by: d).weekday - 1
            sums[w] += values[d]
            counts[w] += 1
        }
        let means = (0..<7).map { counts[$0] > 0 ? sums[$0] / counts[$0] : 0 }
        let overall = means.reduce(0, +) / 7
        guard overall > 0, counts.allSatisfy({ $0 > 0 }) else { return WindowScale(level: level, weekday: WindowScale.flat) }
        return WindowScale(level: level, weekday: means.map { $0 / overall })
    }

    /// The level of the days ending at `end` (exclusive) of `values`, units/day.
    func level(_ values: [Double], end: Int) -> Double {
        let days = values[max(0, end - levelDays)..<end]
        guard !days.isEmpty else { return Self.minimumLevel }
        return max(Self.minimumLevel, days.reduce(0, +) / Double(days.count))
    }

    /// The calendar features of `day`: its day of the year on a circle.
    static func calendar(_ day: Day) -> (Float, Float) {
        let y = 2 * Double.pi * Double(day.dayOfYear - 1) / 365.25
        return (Float(sin(y)), Float(cos(y)))
    }

    /// Appends the inputs of the window ending at `end` (exclusive) of `values`, which start on
    /// `start`; returns the window's scale.
    @discardableResult
    func appendInputs(_ values: [Double], start: Day, end: Int, to inputs: inout [Float]) -> WindowScale {
        let scale = scale(values, start: start, end: end)
        for d in (end - length)..<end {
            let day = start.advanced(by: d)
            let (ys, yc) = Self.calendar(day)
            inputs += [scale.input(values[d], on: day), ys, yc]
        }
        return scale
    }

    /// The input of the window ending with the last day of `values` (from `start`), to forecast
    /// the days after them, with its scale.
    func latestWindow(_ values: [Double], start: Day) -> (data: SequenceDataset, scale: WindowScale) {
        var inputs: [Float] = []
        let scale = appendInputs(values, start: start, end: values.count, to: &inputs)
        return (
            SequenceDataset(
                steps: length, features: Self.features, outputs: outputDays, inputs: inputs,
                targets: [Float](repeating: 0, count: outputDays)), scale
        )
    }

    /// The forecast origins of `values`: the indices `end` of the first forecast day of every
    /// window with `history` days before it and `outputDays` after it, oldest first.
    func origins(count: Int) -> Range<Int> {
        let first = history, last = count - outputDays
        return first <= last ? first..<(last + 1) : first..<first
    }

    /// The window of every origin in `origins`, with targets (the `outputDays` days that
    /// followed, scaled as the inputs) and scales.
    func windows(_ values: [Double], start: Day, origins: some Collection<Int>) -> (data: SequenceDataset, scales: [WindowScale]) {
        var inputs: [Float] = []
        inputs.reserveCapacity(origins.count * length * Self.features)
        var targets: [Float] = []
        targets.reserveCapacity(origins.count * outputDays)
        var scales: [WindowScale] = []
        for end in origins {
            let scale = appendInputs(values, start: start, end: end, to: &inputs)
            for d in end..<(end + outputDays) { targets.append(scale.input(values[d], on: start.advanced(by: d))) }
            scales.append(scale)
        }
        return (SequenceDataset(steps: length, features: Self.features, outputs: outputDays, inputs: inputs, targets: targets), scales)
    }
}

/// How one window's values are scaled: by its level and the weekday profile of its recent days.
/// A day's expected value is `level × weekday[w]`; inputs and outputs are the deviation from it
/// in levels.
struct WindowScale: Sendable, Equatable {
    /// Units/day.
    var level: Double
    /// Multipliers by ISO weekday − 1, averaging 1 (all 1 when there is no profile to take).
    var weekday: [Double]

    static let flat = [Double](repeating: 1, count: 7)

    /// The expected value of `day`, units/day.
    func base(_ day: Day) -> Double { level * weekday[day.weekday - 1] }

    /// `value` on `day` as the network sees it: (value − base) / level.
    func input(_ value: Double, on day: Day) -> Float { Float((value - base(day)) / level) }

    /// Units from one output value for `day`: base + level × output, clamped at 0.
    func units(_ output: Float, on day: Day) -> Double { max(0, base(day) + level * Double(output)) }
}
