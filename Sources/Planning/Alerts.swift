import Foundation
import StockcastCore

/// The alerts of DESIGN.md.
package enum AlertName: String, Sendable, Codable, CaseIterable {
    case highReturnRate = "HighReturnRate"
    case highVolatility = "HighVolatility"
    case inventorySpike = "InventorySpike"
    case fileRejected = "FileRejected"
    case forecastDegraded = "ForecastDegraded"
    case dataGap = "DataGap"
    case stockoutRisk = "StockoutRisk"
    case belowSafetyStock = "BelowSafetyStock"
    case overstock = "Overstock"

    /// True for the alerts about a product (all but `FileRejected`, which is about a file).
    package var isProductAlert: Bool { self != .fileRejected }

    /// What the reader should do (the seed's action texts).
    package var action: String {
        switch self {
        case .highReturnRate: return "Investigate quality issues"
        case .highVolatility: return "Increase safety stock"
        case .inventorySpike: return "Plan storage capacity"
        case .fileRejected: return "Fix and re-export the file"
        case .forecastDegraded: return "Check the recent data and retrain the product (stockcast train --full --product ID)"
        case .dataGap: return "Re-export the missing days"
        case .stockoutRisk: return "Expedite or order now"
        case .belowSafetyStock: return "Order now to rebuild the safety stock"
        case .overstock: return "Hold further orders and check the stock"
        }
    }
}

/// When the product alerts fire (fractions and ratios; DESIGN.md's defaults).
package struct AlertThresholds: Sendable, Equatable, Codable {
    /// `HighReturnRate` when forecast returns ÷ forecast sales exceed this.
    package var returnRate: Double = 0.15
    /// `HighVolatility` when the standard deviation of forecast sales exceeds this fraction of their mean.
    package var volatility: Double = 0.5
    /// `InventorySpike` when the largest daily recommended inventory exceeds this multiple of its mean.
    package var inventorySpike: Double = 1.5

    /// `ForecastDegraded` when the live MAE over the last `degradedDays` scored days exceeds the
    /// seasonal-naive forecast's MAE on the same days by more than this fraction.
    package var degradedMargin: Double = 0.2
    /// Scored days the live comparison needs (a week).
    package var degradedDays: Int = 7
    /// `Overstock` when on hand + on order cover more days of forecast net demand than this.
    package var overstockDays: Double = 90

    package init(
        returnRate: Double = 0.15, volatility: Double = 0.5, inventorySpike: Double = 1.5,
        degradedMargin: Double = 0.2, degradedDays: Int = 7, overstockDays: Double = 90
    ) {
        self.overstockDays = overstockDays
        self.returnRate = returnRate
        self.volatility = volatility
        self.inventorySpike = inventorySpike
        self.degradedMargin = degradedMargin
        self.degradedDays = degradedDays
    }
}

/// An alert condition that holds now.
package struct AlertCondition: Sendable, Equatable {
    package var name: AlertName
    /// The alert's subject: a product id, or a file name for `FileRejected`.
    package var subject: String
    /// One line for a person: what was measured against what.
    package var summary: String
    /// What identifies the subject when its text may not (a file's name key: two names can
    /// display alike); nil: the subject itself.
    package var identity: String?

    package init(name: AlertName, subject: String, summary: String, identity: String? = nil) {
        self.name = name
        self.subject = subject
        self.summary = summary
        self.identity = identity
    }

    /// Stable identity: the same alert name and subject (or identity) give the same fingerprint
    /// in every run.
    package var fingerprint: String { AlertCondition.fingerprint(name: name, subject: identity ?? subject) }

    /// 16 hexadecimal digits, as Alertmanager writes them.
    package static func fingerprint(name: AlertName, subject: String) -> String {
        hex64(fnv1a64(Array(name.rawValue.utf8) + [0] + Array(subject.utf8)))
    }
}

/// The product alert rules, evaluated on a plan (pure).
package enum AlertRules {
    /// `DataGap` when days between the product's first and last day were covered by no file
    /// (`missing`, ascending): the summary names them, runs of days as ranges.
    package static func dataGap(product: String, missing: [Day]) -> AlertCondition? {
        guard let first = missing.first else { return nil }
        var runs: [(Day, Day)] = [(first, first)]
        for day in missing.dropFirst() {
            if runs[runs.count - 1].1.advanced(by: 1) == day { runs[runs.count - 1].1 = day } else { runs.append((day, day)) }
        }
        let shown = runs.prefix(10).map { $0.0 == $0.1 ? "\($0.0)" : "\($0.0) to \($0.1)" }
        let more = runs.count > 10 ? " and \(runs.count - 10) more" : ""
        let count = missing.count == 1 ? "1 day" : "\(missing.count) days"
        return AlertCondition(
            name: .dataGap, subject: product,
            summary: "\(count) without any file: \(shown.joined(separator: ", "))\(more); not counted as zero sales")
    }

    package static func evaluate(product: String, plan: InventoryPlan, thresholds: AlertThresholds) -> [AlertCondition] {
        var out: [AlertCondition] = []
        let m = plan.metrics
        if m.returnRate > thresholds.returnRate {
            out.append(
                AlertCondition(
                    name: .highReturnRate, subject: product,
                    summary: "forecast return rate \(percent(m.returnRate)) exceeds \(percent(thresholds.returnRate))"))
        }
        let sales = plan.days.map(\.forecastSales)
        if let (mean, sd) = meanAndSampleDeviation(sales), mean > 0, sd > thresholds.volatility * mean {
            out.append(
                AlertCondition(
                    name: .highVolatility, subject: product,
                    summary:
                        "forecast sales vary by \(percent(sd / mean)) of their mean (sd \(fixed(sd)) on \(fixed(mean)) units/day), above \(percent(thresholds.volatility))"
                ))
        }
        let inventory = plan.days.map(\.recommendedInventory)
        if let peak = inventory.max(), !inventory.isEmpty {
            let mean = FiniteArithmetic.mean(inventory)
            if mean > 0, peak > thresholds.inventorySpike * mean {
                out.append(
                    AlertCondition(
                        name: .inventorySpike, subject: product,
                        summary:
                            "peak recommended inventory \(fixed(peak)) units is \(fixed(peak / mean, 2))× its mean \(fixed(mean)), above \(fixed(thresholds.inventorySpike, 2))×"
                    ))
            }
        }
        return out
    }

    /// How the served forecasts of one series did on the last scored days, against what the
    /// weekly seasonal-naive forecast made at the same times would have done (units/day).
    package struct LiveComparison: Sendable, Equatable {
        package var series: SeriesKind
        /// Scored days compared.
        package var days: Int
        package var mae: Double
        package var naiveMAE: Double

        package init(series: SeriesKind, days: Int, mae: Double, naiveMAE: Double) {
            self.series = series
            self.days = days
            self.mae = mae
            self.naiveMAE = naiveMAE
        }
    }

    /// `ForecastDegraded` for `product` when, for a series with at least `degradedDays` scored
    /// days, the live MAE exceeds `(1 + degradedMargin)` × the seasonal-naive MAE.
    package static func forecastDegraded(product: String, live: [LiveComparison], thresholds: AlertThresholds) -> AlertCondition? {
        let bad = live.filter { $0.days >= thresholds.degradedDays && $0.mae > (1 + thresholds.degradedMargin) * $0.naiveMAE }
        guard !bad.isEmpty else { return nil }
        let what = bad.map { "\($0.series) MAE \(fixed($0.mae, 2)) vs seasonal naive \(fixed($0.naiveMAE, 2)) over the last \($0.days) days" }
        return AlertCondition(
            name: .forecastDegraded, subject: product,
            summary: what.joined(separator: "; ") + ", more than \(percent(thresholds.degradedMargin)) worse")
    }

    /// Mean and sample standard deviation (n − 1, as pandas computes it); nil for fewer than 2 values.
    /// Finite for any finite values: when the plain sums overflow, the deviation is computed
    /// relative to the largest magnitude.
    static func meanAndSampleDeviation(_ values: [Double]) -> (Double, Double)? {
        guard values.count >= 2 else { return nil }
        let mean = FiniteArithmetic.mean(values)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        if variance.isFinite { return (mean, variance.squareRoot()) }
        let deviations = values.map { FiniteArithmetic.capped($0 - mean) / Double(values.count - 1).squareRoot() }
        return (mean, FiniteArithmetic.rootSumSquares(deviations))
    }

    static func percent(_ v: Double) -> String { fixed(FiniteArithmetic.capped(v * 100), 1) + " %" }

    static func fixed(_ v: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", FiniteArithmetic.capped(v)) }

}
