/// What the validation windows of a fresh training say about the LSTM's own error: the width of
/// its intervals when no calibration serves (model files written before calibrated intervals).
enum HoldoutEvaluation {
    /// Per forecast day, the root mean square of (actual − forecast) / level over the
    /// validation windows (`forecasts`: one row per origin of `origins`, made from the window
    /// before it, with that window's `levels`), smoothed over a week of forecast days.
    static func errorSD(values: [Double], forecasts: [[Double]], levels: [Double], origins: Range<Int>) -> [Double] {
        let days = forecasts.first?.count ?? 0
        var squares = [Double](repeating: 0, count: days)
        for (i, (row, origin)) in zip(forecasts, origins).enumerated() {
            for h in 0..<days {
                let r = (values[origin + h] - row[h]) / levels[i]
                squares[h] += r * r
            }
        }
        let raw = squares.map { ($0 / Double(max(forecasts.count, 1))).squareRoot() }
        return (0..<days).map { h -> Double in
            let window = raw[max(0, h - 3)...min(days - 1, h + 3)]
            return window.reduce(0, +) / Double(window.count)
        }
    }
}
