/// Where a replenishment parameter's value came from.
package enum ParameterSource: String, Sendable, Equatable, Codable, CaseIterable {
    /// The product master file (`lead_time_days`, `moq`, … of the product's row).
    case productMaster = "product_master"
    /// The daemon's configuration default (`replenishment.*`), the product master having none.
    case configuration
}

/// A parameter's value and where it came from.
package struct Sourced<Value: Sendable & Equatable>: Sendable, Equatable {
    package var value: Value
    package var source: ParameterSource

    package init(_ value: Value, _ source: ParameterSource) {
        self.value = value
        self.source = source
    }
}

/// The parameters of one product's replenishment (DESIGN.md, "Replenishment").
package struct ReplenishmentParameters: Sendable, Equatable {
    /// Days from placing an order to having the stock (L), at least 1.
    package var leadTimeDays: Sourced<Int>
    /// Days between order decisions (R), at least 1 (1: stock is reviewed daily).
    package var reviewDays: Sourced<Int>
    /// The cycle service level aimed at: the probability of not running out before the next
    /// order can arrive, a fraction more than 0.5 and at most 0.999.
    package var serviceLevel: Sourced<Double>
    /// Minimum order quantity, units (0: none).
    package var moq: Sourced<Double>
    /// Orders are whole multiples of this, units (more than 0; 1: single units).
    package var packSize: Sourced<Double>
    /// Cost of one unit (currency of the ERP), informational; nil when not given.
    package var unitCost: Sourced<Double>?

    package init(
        leadTimeDays: Sourced<Int>, reviewDays: Sourced<Int>, serviceLevel: Sourced<Double>, moq: Sourced<Double>,
        packSize: Sourced<Double>, unitCost: Sourced<Double>? = nil
    ) {
        self.leadTimeDays = leadTimeDays
        self.reviewDays = reviewDays
        self.serviceLevel = serviceLevel
        self.moq = moq
        self.packSize = packSize
        self.unitCost = unitCost
    }

    /// Every parameter from the configuration.
    package init(leadTimeDays: Int, reviewDays: Int, serviceLevel: Double, moq: Double, packSize: Double) {
        self.init(
            leadTimeDays: Sourced(leadTimeDays, .configuration), reviewDays: Sourced(reviewDays, .configuration),
            serviceLevel: Sourced(serviceLevel, .configuration), moq: Sourced(moq, .configuration),
            packSize: Sourced(packSize, .configuration))
    }

    /// The longest lead time or review period accepted, days (two years).
    package static let longestDays = 730

    /// What is wrong with the parameters, in words a user can act on; nil when they can be planned with.
    package var problem: String? {
        let policy = InventoryPolicy.serviceLevel(target: serviceLevel.value, leadTimeDays: leadTimeDays.value, reviewDays: reviewDays.value)
        if let problem = policy.problem { return problem }
        if leadTimeDays.value > Self.longestDays { return "lead time \(leadTimeDays.value) days must be at most \(Self.longestDays) days" }
        if reviewDays.value > Self.longestDays { return "review period \(reviewDays.value) days must be at most \(Self.longestDays) days" }
        guard moq.value.isFinite, moq.value >= 0 else { return "minimum order quantity \(moq.value) must be zero or more units" }
        guard packSize.value.isFinite, packSize.value > 0 else { return "pack size \(packSize.value) must be more than 0 units (1: single units)" }
        return nil
    }
}
