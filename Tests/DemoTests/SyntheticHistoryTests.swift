import Demo
import StockcastCore
import Testing

@Suite struct SyntheticHistoryTests {
    @Test func syntheticDataIsReproducibleAndShapedLikeTheSeeds() {
        let start = Day(iso: "2023-01-01")!
        let five = SyntheticHistory.generate(products: 5, days: 730, start: start, seed: 42)
        #expect(five == SyntheticHistory.generate(products: 5, days: 730, start: start, seed: 42))
        #expect(Array(five.prefix(3)) == SyntheticHistory.generate(products: 3, days: 730, start: start, seed: 42))
        #expect(five != SyntheticHistory.generate(products: 5, days: 730, start: start, seed: 43))
        #expect(five.map(\.product) == ["P001", "P002", "P003", "P004", "P005"])
        for h in five {
            let mean = h.sales.reduce(0, +) / 730
            let returnShare = h.returns.dropFirst(7).reduce(0, +) / h.sales.dropLast(7).reduce(0, +)
            #expect(mean > 90 && mean < 200, "\(h.product) sales mean \(mean)")
            #expect(returnShare > 0.08 && returnShare < 0.12, "returns are 5–15 % of sales a week earlier")
            #expect(h.sales.allSatisfy { $0 >= 0 && $0 == $0.rounded() })
        }
    }
}
