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
