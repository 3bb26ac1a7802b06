import StockcastCore

/// Replays a replenishment rule over actual days (pure): each morning the arrivals due that
/// day are received, the rule sees the stock and the open orders and may order (arriving after
/// the lead time), then the day's actual net demand consumes the stock. Demand beyond the stock
/// is lost (not back-ordered); a negative net demand (returns exceeding sales) adds to it.
package enum ReplenishmentReplay {
    /// What a replay measured over its measured days.
    package struct Outcome: Sendable, Equatable {
        /// Days measured.
        package var days = 0
        /// Measured days on which all demand was met (each day is a review cycle when R = 1).
        package var daysWithoutShortage = 0
        /// Positive net demand of the measured days, units.
        package var demand = 0.0
        /// Of it, units served from stock.
        package var served = 0.0
        /// Sum of the measured days' on hand at their end, units × days.
        package var stockDays = 0.0
        /// Orders placed on measured days.
        package var orders = 0

        package init() {}

        /// Fraction of measured days without lost demand.
        package var cycleServiceLevel: Double { days == 0 ? 0 : Double(daysWithoutShortage) / Double(days) }
        /// Fraction of the demand served (1 when there was none).
        package var fillRate: Double { demand > 0 ? served / demand : 1 }
        /// Mean on hand at the end of a measured day, units.
        package var averageStock: Double { days == 0 ? 0 : stockDays / Double(days) }

        /// Two outcomes pooled (their days, demand, stock and orders added).
        package static func + (a: Outcome, b: Outcome) -> Outcome {
            var o = a
            o.days += b.days
            o.daysWithoutShortage += b.daysWithoutShortage
            o.demand += b.demand
            o.served += b.served
            o.stockDays += b.stockDays
            o.orders += b.orders
            return o
        }
    }

    /// - Parameters:
    ///   - actual: actual net demand per day (sales − returns), units; day 0 is `start`.
    ///   - start: the first day replayed.
    ///   - measuredFrom: days before this index warm the replay up and are not measured.
    ///   - onHand: units on hand on the morning of day 0.
    ///   - leadTime: days from an order to its arrival (at least 0).
    ///   - decide: the rule: given the day's index, the day and the stock (after the day's
    ///     arrivals; its open orders with their due days), the units to order (0: none).
    package static func run(
        actual: [Double], start: Day, measuredFrom: Int, onHand initial: Double, leadTime: Int,
        decide: (Int, Day, StockPosition) -> Double
    ) -> Outcome {
        var onHand = initial
        var pipeline: [OpenOrder] = []
        var outcome = Outcome()
        for (t, net) in actual.enumerated() {
            let day = start.advanced(by: t)
            onHand += pipeline.filter { $0.due <= day }.reduce(0) { $0 + $1.quantity }
            pipeline.removeAll { $0.due <= day }
            let quantity = decide(t, day, StockPosition(onHand: onHand, openOrders: pipeline))
            let measured = t >= measuredFrom
            if quantity > 0, quantity.isFinite {
                if leadTime == 0 { onHand += quantity } else { pipeline.append(OpenOrder(due: day.advanced(by: leadTime), quantity: quantity)) }
                if measured { outcome.orders += 1 }
            }
            let demand = max(0, net.isFinite ? net : 0)
            let served = min(max(onHand, 0), demand)
            onHand = onHand - served + max(0, -(net.isFinite ? net : 0))
            guard measured else { continue }
            outcome.days += 1
            if served >= demand { outcome.daysWithoutShortage += 1 }
            outcome.demand += demand
            outcome.served += served
            outcome.stockDays += onHand
        }
        return outcome
    }
}
