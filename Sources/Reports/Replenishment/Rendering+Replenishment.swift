import Planning
import StockcastCore

// The replenishment's outbox files: orders.csv, report.json's `replenishment`, stock.svg.
extension Rendering {
    /// The columns of `orders.csv`, in order.
    package static let orderColumns = [
        "product_id", "order_date", "quantity", "arrival_date", "on_hand", "on_order", "inventory_position", "reorder_point",
        "order_up_to", "projected_stockout_date", "reason",
    ]

    /// The products with a proposal, most urgent first: the earliest projected stock-out (none
    /// last), then the lowest position against the reorder point, then by id.
    package static func proposalOrder(_ reports: [ProductReport]) -> [(product: String, plan: ReplenishmentPlan, proposal: OrderProposal)] {
        let rows = reports.compactMap { r -> (product: String, plan: ReplenishmentPlan, proposal: OrderProposal)? in
            guard let plan = r.replenishment.plan, let proposal = plan.proposal else { return nil }
            return (r.product, plan, proposal)
        }
        return rows.sorted { a, b in
            let sa = a.plan.stockoutDate?.daysSince1970 ?? .max, sb = b.plan.stockoutDate?.daysSince1970 ?? .max
            if sa != sb { return sa < sb }
            let ma = a.plan.inventoryPosition - a.plan.reorderPoint, mb = b.plan.inventoryPosition - b.plan.reorderPoint
            if ma != mb { return ma < mb }
            return a.product < b.product
        }
    }

    /// `orders.csv`: one row per proposed order (`orderColumns`), most urgent first; the
    /// stock-out date is the one without the proposal (empty when none within the projection).
    package static func ordersCSV(_ reports: [ProductReport]) -> [UInt8] {
        var out = orderColumns.joined(separator: ",") + "\n"
        for (product, plan, proposal) in proposalOrder(reports) {
            let fields = [
                product, proposal.orderDate.description, decimal(proposal.quantity), proposal.arrival.description, decimal(plan.onHand),
                decimal(plan.onOrder), decimal(plan.inventoryPosition), decimal(plan.reorderPoint), decimal(plan.orderUpTo),
                plan.stockoutDate?.description ?? "", proposal.reason,
            ]
            out += fields.map(csvField).joined(separator: ",") + "\n"
        }
        return Array(out.utf8)
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// report.json's `replenishment`: `status` on or off; off with its `reason`; on with the
    /// parameters in force and their source, the stock, the policy's levels, the proposals,
    /// days of cover and the projected on hand per day with and without the proposal.
    static func replenishmentJSON(_ status: ReplenishmentStatus) -> JSONText {
        guard case .on(let p) = status else {
            if case .off(let reason) = status { return .sorted(["status": .string("off"), "reason": .string(reason)]) }
            return .null
        }
        func sourced<V>(_ s: Sourced<V>, _ value: JSONText) -> JSONText { .sorted(["value": value, "source": .string(s.source.rawValue)]) }
        let q = p.parameters
        var parameters: [String: JSONText] = [
            "lead_time_days": sourced(q.leadTimeDays, .integer(q.leadTimeDays.value)),
            "review_days": sourced(q.reviewDays, .integer(q.reviewDays.value)),
            "service_level": sourced(q.serviceLevel, .number(q.serviceLevel.value)),
            "moq": sourced(q.moq, .number(q.moq.value)),
            "pack_size": sourced(q.packSize, .number(q.packSize.value)),
        ]
        if let cost = q.unitCost { parameters["unit_cost"] = sourced(cost, .number(cost.value)) }
        let proposals: [JSONText] =
            p.proposal.map { o in
                [
                    .sorted([
                        "order_date": .string(o.orderDate.description), "quantity": .number(rounded(o.quantity)),
                        "arrival_date": .string(o.arrival.description), "reason": .string(o.reason),
                    ])
                ]
            } ?? []
        return .sorted([
            "status": .string("on"),
            "parameters": .sorted(parameters),
            "order_date": .string(p.orderDate.description),
            "on_hand": .number(rounded(p.onHand)),
            "on_order": .number(rounded(p.onOrder)),
            "open_orders_total": .number(rounded(p.openOrdersTotal)),
            "inventory_position": .number(rounded(p.inventoryPosition)),
            "safety_stock": .number(rounded(p.safetyStock)),
            "reorder_point": .number(rounded(p.reorderPoint)),
            "order_up_to": .number(rounded(p.orderUpTo)),
            "days_of_cover": p.daysOfCover.map { .number(rounded($0, 1)) } ?? .null,
            "projected_stockout_date": p.stockoutDate.map { .string($0.description) } ?? .null,
            "proposals": .array(proposals),
            "projected": .array(
                p.projected.map { d in
                    .sorted([
                        "date": .string(d.day.description), "net_demand": .number(rounded(d.netDemand)),
                        "arriving": .number(rounded(d.arriving)), "on_hand_without_proposal": .number(rounded(d.withoutProposal)),
                        "on_hand_with_proposal": .number(rounded(d.withProposal)),
                        "unmet_without_proposal": .number(rounded(d.unmetWithoutProposal)),
                        "unmet_with_proposal": .number(rounded(d.unmetWithProposal)),
                    ])
                }),
        ])
    }
}
