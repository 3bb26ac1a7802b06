import Foundation
import StockcastCore

/// A linear map from data values to SVG coordinates.
struct LinearScale: Equatable {
    var domain: ClosedRange<Double>
    var range: ClosedRange<Double>
    /// True when the range runs downwards (the y axis: larger values higher up).
    var inverted = false

    /// The coordinate of `v`. Total: a value far outside the domain is drawn at most one plot
    /// length beyond it (t within −1…2), NaN at the domain's start, so every coordinate is finite.
    func callAsFunction(_ v: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        let raw = span > 0 && span.isFinite ? (v - domain.lowerBound) / span : 0
        let t = raw.isNaN ? 0 : min(max(raw, -1), 2)
        return inverted
            ? range.upperBound - t * (range.upperBound - range.lowerBound)
            : range.lowerBound + t * (range.upperBound - range.lowerBound)
    }

    /// Coordinate units per data unit (negative for an inverted scale).
    var slope: Double {
        let span = domain.upperBound - domain.lowerBound
        let k = span > 0 ? (range.upperBound - range.lowerBound) / span : 0
        return inverted ? -k : k
    }
}

/// Ticks of the value (unit) axis: round numbers, 1, 2 or 5 × 10ⁿ apart, from 0.
struct ValueTicks: Equatable {
    /// The axis runs from 0 to `top`, the first tick at or above the data's maximum.
    var top: Double
    var step: Double
    var values: [Double] {
        let intervals = (top / step).rounded()
        let n = intervals.isFinite ? Int(min(max(intervals, 1), 100)) : 1
        return (0...n).map { Double($0) * step }
    }

    /// The lowest top of an axis, units: smaller maxima (a forecast of 10⁻³⁰⁰ units) are drawn
    /// on an axis up to 0.001, whose labels have at most four decimals.
    static let smallestTop = 1e-3
    /// The highest top of an axis, units: larger values (up to the largest double, or infinite)
    /// are drawn at the top edge instead of overflowing the arithmetic of the ticks.
    static let largestTop = 1e300

    /// At most `maxTicks` intervals covering 0…`maximum` (units); total for any `maximum`
    /// (0, negative or NaN give the axis 0…1, infinite the axis up to `largestTop`).
    init(maximum: Double, maxTicks: Int = 5) {
        let m = maximum.isNaN || maximum <= 0 ? 1 : min(max(maximum, Self.smallestTop), Self.largestTop)
        let raw = m / Double(max(maxTicks, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-12) } ?? 10 * magnitude
        self.step = step
        // A maximum on a round number gets one more step above it, so that the line does not
        // run along the plot's top edge.
        let steps = (m / step).rounded(.up)
        self.top = (steps * step - m < 0.02 * step ? steps + 1 : steps) * step
    }

    /// A tick label: thousands grouped with a thin space from 10 000, decimals only when the
    /// step has them; from a step of 10¹² on, powers of ten ("2e+15"), which stay short.
    func label(_ v: Double) -> String {
        if step >= 1e12 { return String(format: "%g", v) }
        let decimals = step >= 1 ? 0 : min(Int((-log10(step)).rounded(.up)), 6)
        let text = String(format: "%.\(decimals)f", v)
        return abs(v) >= 10_000 ? Markup.grouped(text, separator: "\u{2009}") : text
    }
}

/// Ticks of the date axis: every day, every other day, Mondays, every other Monday, or the
/// first of every 1, 2, 3, 6 … months, whichever is the densest whose labels do not overlap.
struct DateTicks: Equatable {
    /// Days with a tick, in order.
    var days: [Day]
    /// How each label reads: `true` for "Jan 2025"-style month labels.
    var monthly: Bool

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Ticks for `first…last` drawn `pixelsPerDay` apart, labels at most `labelWidth` wide.
    init(first: Day, last: Day, pixelsPerDay: Double, labelWidth: Double = 48, gap: Double = 12) {
        let minimumDays = (labelWidth + gap) / max(pixelsPerDay, 1e-9)
        let dayCandidates: [(step: Int, mondays: Bool)] = [(1, false), (2, false), (7, true), (14, true)]
        if let c = dayCandidates.first(where: { Double($0.step) >= minimumDays }) {
            var start = first
            if c.mondays {
                while start.weekday != 1 { start = start.advanced(by: 1) }
            }
            days = Array(stride(from: start.daysSince1970, through: last.daysSince1970, by: c.step)).map(Day.init(daysSince1970:))
            monthly = false
            return
        }
        let months = [1, 2, 3, 6, 12, 24, 60, 120].first { Double($0) * 28 >= minimumDays } ?? 240
        var out: [Day] = []
        let (y, m, d) = first.components
        // Months counted from year 0, so that steps line up with quarters, years and decades.
        var index = y * 12 + (m - 1) + (d == 1 ? 0 : 1)
        index += (months - index % months) % months
        while let day = Day(year: index / 12, month: index % 12 + 1, day: 1), day <= last {
            out.append(day)
            index += months
        }
        days = out
        monthly = true
    }

    /// "Jan 6" for day ticks, "Jan 2025" for month ticks.
    func label(_ day: Day) -> String {
        let c = day.components
        let month = Self.monthNames[c.month - 1]
        return monthly ? "\(month) \(c.year)" : "\(month) \(c.day)"
    }
}
