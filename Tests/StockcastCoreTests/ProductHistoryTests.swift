import StockcastCore
import Testing

@Suite struct ProductHistoryTests {
    /// Cells in any order fill their days; the days between them are 0.
    @Test func sparseCellsMakeADenseHistoryFromTheFirstDayToTheLast() throws {
        let d = Day(iso: "2024-02-27")!
        let cells = [
            (day: d.advanced(by: 3), sales: 4.0, returns: 1.0), (day: d, sales: 2, returns: 0),
            (day: d.advanced(by: 1), sales: 5, returns: 0.5),
        ]
        let h = try #require(ProductHistory(product: "P", cells: cells))
        #expect(h == ProductHistory(product: "P", start: d, sales: [2, 5, 0, 4], returns: [0, 0.5, 0, 1]))
        #expect(ProductHistory(product: "P", cells: [(day: Day, sales: Double, returns: Double)]()) == nil)
    }
}
