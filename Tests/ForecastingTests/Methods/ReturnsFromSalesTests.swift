import Foundation
import StockcastCore
import Testing

@testable import Forecasting

@Suite struct ReturnsFromSalesTests {
    /// The seed's rule without its noise: returns are 10 % of the sales 7 days earlier.
    @Test func recoversTheRateAndTheDelayAndUsesTheActualSalesWhileItCan() throws {
        let sales: [Double] = (0..<200).map { (d: Int) -> Double in Double(100 + d * 7919 % 61) }
        let returns = sales.indices.map { $0 >= 7 ? 0.1 * sales[$0 - 7] : 0 }
        let model = try #require(ReturnsFromSales.fit(returns: returns, sales: sales))
        #expect(abs(model.rate - 0.1) < 0.002, "\(model.rate)")
        #expect(model.weights[7] > 0.99 && abs(model.weights.reduce(0, +) - 1) < 1e-12)
        let future = [Double](repeating: 50, count: 10)
        let f = model.forecast(sales: sales, futureSales: future, horizon: 10)
        for h in 0..<7 { #expect(abs(f[h] - model.rate * model.weights[7] * sales[193 + h]) < 0.05, "day \(h + 1): known sales") }
        #expect(abs(f[8] - 5) < 0.1, "day 9: 10 % of the forecast sales of day 2")
    }

    @Test func needsAlignedHistoryOfFourWeeksBeyondTheLongestDelay() {
        #expect(ReturnsFromSales.fit(returns: [1, 2], sales: [1, 2]) == nil)
        #expect(ReturnsFromSales.fit(returns: [Double](repeating: 1, count: 50), sales: [Double](repeating: 1, count: 49)) == nil)
        let noSales = ReturnsFromSales.fit(returns: [Double](repeating: 0, count: 50), sales: [Double](repeating: 0, count: 50))
        #expect(noSales?.rate == 0 && noSales?.weights.count == 15, "no sales: rate 0, uniform delays")
        let context = SeriesContext(series: .sales, start: Day(iso: "2024-01-01")!, values: [Double](repeating: 1, count: 60))
        #expect(Candidates.forecast(.returnsFromSales, context, horizon: 3) == nil, "sales are not forecast from themselves")
    }
}
