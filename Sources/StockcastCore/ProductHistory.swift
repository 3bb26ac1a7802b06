/// The two measures Stockcast forecasts for every product.
public enum SeriesKind: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case sales
    case returns

    public var description: String { rawValue }
}

/// The daily history of one product: every day from `start` on, with zero for days on which
/// the product had no sales or returns.
public struct ProductHistory: Sendable, Equatable {
    /// The product id exactly as the ERP export spells it (data, never a path).
    public var product: String
    /// The first day of the history.
    public var start: Day
    /// Units sold per day, one value per day from `start`.
    public var sales: [Double]
    /// Units returned per day, aligned with `sales`.
    public var returns: [Double]

    public init(product: String, start: Day, sales: [Double], returns: [Double]) {
        precondition(sales.count == returns.count, "sales and returns must cover the same days")
        self.product = product
        self.start = start
        self.sales = sales
        self.returns = returns
    }

    /// Number of days covered.
    public var count: Int { sales.count }

    /// The last day of the history.
    public var end: Day { start.advanced(by: count - 1) }

    /// The values of one measure.
    public func values(_ kind: SeriesKind) -> [Double] {
        kind == .sales ? sales : returns
    }
}

/// One product's sums for one day, in units.
public struct DailyCell: Sendable, Equatable {
    /// Units sold that day (0 when the file carries no sales).
    public var sales: Double
    /// Units returned that day (0 when the file carries no returns).
    public var returns: Double

    public init(sales: Double = 0, returns: Double = 0) {
        self.sales = sales
        self.returns = returns
    }
}
