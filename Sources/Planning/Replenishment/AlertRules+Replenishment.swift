import StockcastCore

// The replenishment alerts: StockoutRisk, BelowSafetyStock, Overstock.
extension AlertRules {
    /// The replenishment alerts of one product's plan:
    /// - `StockoutRisk` when the projected on hand without a new order runs out (demand goes
    ///   unmet) within lead time + review period, even counting the open orders;
    /// - `BelowSafetyStock` when, short of that, on hand is below the safety stock (z · σ of net
    ///   demand over lead time + review period);
    /// - `Overstock` when on hand + open orders cover more than `overstockDays` days of forecast
    ///   net demand (or any stock while the forecast demand is not positive).
    package static func replenishment(product: String, plan: ReplenishmentPlan, overstockDays: Double) -> [AlertCondition] {
        var out: [AlertCondition] = []
        let units = Replenisher.units
        let cycle = plan.parameters.leadTimeDays.value + plan.parameters.reviewDays.value
        if plan.stockoutWithinCycle, let date = plan.stockoutDate {
            out.append(
                AlertCondition(
                    name: .stockoutRisk, subject: product,
                    summary:
                        "projected stock runs out on \(date), within lead time + review (\(cycle) days), counting \(units(plan.onOrder)) units on order; on hand \(units(plan.onHand))"
                ))
        } else if plan.onHand < plan.safetyStock {
            out.append(
                AlertCondition(
                    name: .belowSafetyStock, subject: product,
                    summary: "on hand \(units(plan.onHand)) is below the safety stock \(units(plan.safetyStock))"))
        }
        let stock = FiniteArithmetic.capped(plan.onHand + plan.openOrdersTotal)
        if stock > 0 {
            if let cover = plan.daysOfCover, cover > overstockDays {
                out.append(
                    AlertCondition(
                        name: .overstock, subject: product,
                        summary:
                            "on hand + on order \(units(stock)) covers \(fixed(cover)) days of forecast demand, above \(fixed(overstockDays, 0)) days"))
            } else if plan.daysOfCover == nil {
                out.append(
                    AlertCondition(
                        name: .overstock, subject: product,
                        summary: "on hand + on order \(units(stock)) with no forecast net demand to use it"))
            }
        }
        return out
    }
}
