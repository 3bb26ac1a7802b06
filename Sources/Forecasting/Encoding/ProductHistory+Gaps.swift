import StockcastCore

extension ProductHistory {
    /// The history as the models see it: each gap (a day no file covered) holds an estimate
    /// instead of its unknown value — the mean of the same weekday on the nearest covered days,
    /// up to `weeks` weeks before and after (units/day) — so that a failed export is neither
    /// trained on nor forecast from as a day without sales. Without any such day, the mean of
    /// every covered day; without any covered day, 0.
    package func fillingGaps(weeks: Int = 4) -> ProductHistory {
        guard !gaps.isEmpty else { return self }
        var filled = self
        let missing = Set(gaps)
        func estimate(_ values: [Double], at i: Int) -> Double {
            var sum = 0.0, n = 0
            for k in 1...max(1, weeks) {
                for j in [i - 7 * k, i + 7 * k] where j >= 0 && j < values.count && !missing.contains(j) {
                    sum += values[j]
                    n += 1
                }
            }
            if n > 0 { return sum / Double(n) }
            let covered = values.indices.filter { !missing.contains($0) }
            return covered.isEmpty ? 0 : covered.reduce(0) { $0 + values[$1] } / Double(covered.count)
        }
        for i in gaps {
            filled.sales[i] = estimate(sales, at: i)
            filled.returns[i] = estimate(returns, at: i)
        }
        return filled
    }
}
