import StockcastCore

/// Test data in the seed's CSV format: `Date,Product_ID,Sales,Returns`, one row per product and
/// day, ISO dates.
package enum SeedCSV {
    /// `days` days from day `first` (counted from `start`) for `products`, each row's units as
    /// `figures(day, product)` gives them (day counted from `start`, product its index in `products`).
    package static func text(
        days: Int, from first: Int = 0, products: [String] = ["P1", "P2"],
        start: Day = Day(daysSince1970: 19723),
        figures: (_ day: Int, _ product: Int) -> (sales: Int, returns: Int)
    ) -> String {
        var out = "Date,Product_ID,Sales,Returns\n"
        for d in first..<(first + days) {
            let day = start.advanced(by: d)
            for (i, p) in products.enumerated() {
                let (sales, returns) = figures(d, i)
                out += "\(day),\(p),\(sales),\(returns)\n"
            }
        }
        return out
    }
}
