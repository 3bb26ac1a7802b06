/// The two measures Stockcast forecasts for every product.
package enum SeriesKind: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case sales
    case returns

    package var description: String { rawValue }
}

/// The daily history of one product: every day from `start` on, with zero for days on which
/// the product had no sales or returns, except the `gaps`: days no file covered (a failed
/// export), whose values are 0 here but unknown.
package struct ProductHistory: Sendable, Equatable {
    /// The product id exactly as the ERP export spells it (data, never a path).
    package var product: String
    /// The first day of the history.
    package var start: Day
    /// Units sold per day, one value per day from `start`.
    package var sales: [Double]
    /// Units returned per day, aligned with `sales`.
    package var returns: [Double]
    /// Offsets from `start` of the days no file covered, ascending.
    package var gaps: [Int]

    package init(product: String, start: Day, sales: [Double], returns: [Double], gaps: [Int] = []) {
        precondition(sales.count == returns.count, "sales and returns must cover the same days")
        self.product = product
        self.start = start
        self.sales = sales
        self.returns = returns
        self.gaps = gaps
    }

    /// The days no file covered.
    package var gapDays: [Day] { gaps.map { start.advanced(by: $0) } }

    /// Number of days covered.
    package var count: Int { sales.count }

    /// The last day of the history.
    package var end: Day { start.advanced(by: count - 1) }

    /// The values of one measure.
    package func values(_ kind: SeriesKind) -> [Double] {
        kind == .sales ? sales : returns
    }

    /// The dense history of `product` from sparse cells: every day from the earliest cell's to
    /// the latest's, a cell's sales and returns (units) on its day and 0 on the days without a
    /// cell. Nil when there are no cells. Cells may come in any order; a day given twice keeps
    /// the last one.
    package init?(product: String, cells: some Collection<(day: Day, sales: Double, returns: Double)>) {
        guard var first = cells.first?.day else { return nil }
        var last = first
        for cell in cells {
            first = min(first, cell.day)
            last = max(last, cell.day)
        }
        var sales = [Double](repeating: 0, count: first.distance(to: last) + 1), returns = sales
        for cell in cells {
            let index = first.distance(to: cell.day)
            sales[index] = cell.sales
            returns[index] = cell.returns
        }
        self.init(product: product, start: first, sales: sales, returns: returns)
    }
}

/// One product's sums for one day, in units.
package struct DailyCell: Sendable, Equatable {
    /// Units sold that day (0 when the file carries no sales).
    package var sales: Double
    /// Units returned that day (0 when the file carries no returns).
    package var returns: Double

    package init(sales: Double = 0, returns: Double = 0) {
        self.sales = sales
        self.returns = returns
    }
}
