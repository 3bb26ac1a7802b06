import StockcastCore

/// How a plan turns forecast demand into stock.
package enum InventoryPolicy: Sendable, Equatable, CustomStringConvertible {
    /// The seed's rule: hold `max(0, net demand × factor)` each day. The factor is dimensionless,
    /// within `Planner.safetyFactors` (1.0–2.0).
    case safetyFactor(Double)
    /// A cycle service level: hold enough that demand is met with probability `target`, given
    /// the forecast's uncertainty (see `Planner.plan(_:uncertainty:horizon:policy:)`).
    /// - `target`: the probability of not running out, a fraction more than 0.5 and at most
    ///   0.999 (0.95 for 95 %).
    /// - `leadTimeDays`: days from placing an order to having the stock, at least 1.
    /// - `reviewDays`: days between order decisions, at least 1 (1: stock is reviewed daily).
    case serviceLevel(target: Double, leadTimeDays: Int, reviewDays: Int = 1)

    /// Which rule a policy follows, as the configuration names it.
    package enum Kind: String, Sendable, CaseIterable, Codable {
        case safetyFactor = "safety_factor"
        case serviceLevel = "service_level"
    }

    /// Which rule this policy follows.
    package var kind: Kind {
        switch self {
        case .safetyFactor: .safetyFactor
        case .serviceLevel: .serviceLevel
        }
    }

    /// The default: the seed's safety factor 1.2.
    package static let seedDefault = InventoryPolicy.safetyFactor(1.2)

    /// Service-level targets allowed: above `serviceLevelFloor` (exclusive) and at most `serviceLevelCeiling`.
    static let serviceLevelFloor = 0.5
    static let serviceLevelCeiling = 0.999

    /// What is wrong with the policy, in words a user can act on; nil when it can be planned with.
    package var problem: String? {
        switch self {
        case .safetyFactor(let factor):
            guard Planner.safetyFactors.contains(factor) else {
                return "safety factor \(factor) must be between \(Planner.safetyFactors.lowerBound) and \(Planner.safetyFactors.upperBound)"
            }
        case .serviceLevel(let target, let leadTime, let review):
            guard target > Self.serviceLevelFloor, target <= Self.serviceLevelCeiling else {
                return "service level \(target) must be more than \(Self.serviceLevelFloor) and at most \(Self.serviceLevelCeiling) (a fraction: 0.95 for 95 %)"
            }
            guard leadTime >= 1 else { return "lead time \(leadTime) days must be at least 1 day" }
            guard review >= 1 else { return "review period \(review) days must be at least 1 day (1 reviews stock daily)" }
        }
        return nil
    }

    /// The factor of a `.safetyFactor` policy (dimensionless); nil for any other policy.
    package var safetyFactor: Double? {
        if case .safetyFactor(let factor) = self { return factor }
        return nil
    }

    /// z = Φ⁻¹(target), the number of standard deviations of demand held as safety stock
    /// (1.6448536269514722 for 0.95); nil for `.safetyFactor`.
    package var z: Double? {
        if case .serviceLevel(let target, _, _) = self { return NormalDistribution.quantile(target) }
        return nil
    }

    package var description: String {
        switch self {
        case .safetyFactor(let factor):
            return "safety factor \(factor)"
        case .serviceLevel(let target, let leadTime, let review):
            return "service level \(target), lead time \(leadTime) \(leadTime == 1 ? "day" : "days"), review every \(review) \(review == 1 ? "day" : "days")"
        }
    }
}
