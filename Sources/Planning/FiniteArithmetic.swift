/// Arithmetic that stays finite: plans and alerts are made from forecasts of any size (a history
/// stored before the ingest ceiling may hold numbers near the largest double), and a figure that
/// overflowed to infinity would be written as 0 or null, or as "inf" in a sentence.
enum FiniteArithmetic {
    /// `x` within ±`Double.greatestFiniteMagnitude` (units), NaN as 0. The identity on every
    /// finite number.
    @inline(__always)
    static func capped(_ x: Double) -> Double {
        x.isNaN ? 0 : min(max(x, -.greatestFiniteMagnitude), .greatestFiniteMagnitude)
    }

    /// The mean of `values` (not empty): the plain sum ÷ count when that is finite (so ordinary
    /// figures are unchanged), else the sum of each value ÷ count.
    static func mean(_ values: [Double]) -> Double {
        let n = Double(max(values.count, 1))
        let plain = values.reduce(0, +) / n
        return plain.isFinite ? plain : capped(values.reduce(0) { $0 + $1 / n })
    }

    /// The sum of `values`, capped (`capped`).
    static func sum(_ values: some Sequence<Double>) -> Double {
        capped(values.reduce(0, +))
    }

    /// √(Σ xᵢ²) over `values`, finite for any finite values: computed plainly when that does
    /// not overflow, else relative to the largest magnitude, and capped.
    static func rootSumSquares(_ values: some Collection<Double>) -> Double {
        let plain = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if plain.isFinite { return plain }
        let largest = values.reduce(0) { max($0, abs($1)) }
        guard largest > 0, largest.isFinite else { return 0 }
        return capped(largest * values.reduce(0) { $0 + ($1 / largest) * ($1 / largest) }.squareRoot())
    }
}
