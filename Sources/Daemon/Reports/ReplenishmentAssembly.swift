import Planning
import Reports
import StockcastCore
import Store

/// Puts one product's replenishment together: its stock and supply from the store, its
/// parameters (product master, else the configuration) and the policy run on its forecast.
enum ReplenishmentAssembly {
    /// The product's replenishment on the day after both its history and its snapshot.
    ///
    /// On hand at the start of that day is the snapshot's, less the net demand (sales − returns,
    /// gaps estimated) the history records after the snapshot's day; a snapshot newer than the
    /// history starts the plan the day after it, on the forecast days from then on.
    /// - Parameters:
    ///   - history: the product's history with its gaps estimated.
    ///   - forecast, uncertainty: from the day after the history, units/day.
    ///   - supply: what the store holds for the product (nil: nothing).
    ///   - defaults: the configuration's parameters.
    ///   - horizon: days of the plan.
    static func status(
        history h: ProductHistory, forecast: [DayFigures], uncertainty: [DayUncertainty], supply: ProductSupply?,
        defaults: ReplenishmentParameters, horizon: Int
    ) -> ReplenishmentStatus {
        guard let supply, let stock = supply.stock else { return .off(reason: ReplenishmentStatus.noStock) }
        let parameters = parameters(supply.parameters, defaults: defaults)
        var onHand = stock.onHand
        if stock.day < h.end {
            let from = max(0, h.start.distance(to: stock.day) + 1)
            for i in from..<h.count { onHand = capped(onHand - capped(h.sales[i] - h.returns[i])) }
        }
        let orderDate = max(stock.day, h.end).advanced(by: 1)
        let position = StockPosition(
            onHand: onHand, openOrders: supply.openOrders.map { OpenOrder(orderID: $0.orderID, due: $0.due, quantity: $0.quantity) })
        do {
            let plan = try Replenisher.plan(
                forecast: forecast, uncertainty: uncertainty, stock: position, orderDate: orderDate, parameters: parameters, horizon: horizon)
            guard !plan.projected.isEmpty else {
                return .off(reason: "the stock snapshot of \(stock.day) is newer than the forecast reaches: send the sales up to it")
            }
            return .on(plan)
        } catch {
            return .off(reason: "\(error)")
        }
    }

    /// The product master's values where it gives them, the configuration's elsewhere.
    static func parameters(_ row: ParameterRow?, defaults: ReplenishmentParameters) -> ReplenishmentParameters {
        var p = defaults
        if let v = row?.leadTimeDays { p.leadTimeDays = Sourced(v, .productMaster) }
        if let v = row?.reviewDays { p.reviewDays = Sourced(v, .productMaster) }
        if let v = row?.serviceLevel { p.serviceLevel = Sourced(v, .productMaster) }
        if let v = row?.moq { p.moq = Sourced(v, .productMaster) }
        if let v = row?.packSize { p.packSize = Sourced(v, .productMaster) }
        if let v = row?.unitCost { p.unitCost = Sourced(v, .productMaster) }
        return p
    }

    private static func capped(_ x: Double) -> Double {
        x.isNaN ? 0 : min(max(x, -.greatestFiniteMagnitude), .greatestFiniteMagnitude)
    }
}
