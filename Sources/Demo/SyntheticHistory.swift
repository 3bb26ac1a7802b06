import Foundation
import Neural
import StockcastCore

/// The seed system's synthetic data: per product, daily sales with a base level of 100–150
/// units/day, a linear trend of +5–25 % over two years, weekly (±15 %) and yearly (±20 %)
/// seasonality with random phases and multiplicative noise (sd 8 %); returns are 5–15 % of the
/// sales of 7 days earlier. Values are whole units.
///
/// Each product draws from its own generator derived from the seed and its number, so
/// `P001`…`P003` are the same whether 3 or 5 products are generated.
package enum SyntheticHistory {
    /// `products` histories (`P001` …) of `days` days each from `start`; the same seed gives
    /// the same values.
    package static func generate(products: Int, days: Int, start: Day, seed: UInt64) -> [ProductHistory] {
        (0..<max(products, 0)).map { index in
            let number = index + 1
            var g = SeededGenerator(seed: fnv1a64(Array("product \(number)".utf8), seed: seed))
            let base = g.nextUniform(100, 150)
            let trend = g.nextUniform(0.05, 0.25)
            let weeklyPhase = g.nextUniform(0, 2 * .pi)
            let yearlyPhase = g.nextUniform(0, 2 * .pi)
            var sales = [Double](repeating: 0, count: days)
            var returns = sales
            for d in 0..<days {
                let level = base * (1 + trend * Double(d) / 730)
                let weekly = 1 + 0.15 * sin(2 * .pi * Double(d) / 7 + weeklyPhase)
                let yearly = 1 + 0.20 * sin(2 * .pi * Double(d) / 365.25 + yearlyPhase)
                let noise = 1 + 0.08 * g.nextNormal()
                sales[d] = max(0, (level * weekly * yearly * noise).rounded())
                let rate = g.nextUniform(0.05, 0.15)
                returns[d] = (rate * (d >= 7 ? sales[d - 7] : level)).rounded()
            }
            let id = "P" + String(repeating: "0", count: max(0, 3 - String(number).count)) + String(number)
            return ProductHistory(product: id, start: start, sales: sales, returns: returns)
        }
    }
}
