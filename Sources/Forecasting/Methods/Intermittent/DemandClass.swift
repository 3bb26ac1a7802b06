import Foundation

/// The Syntetos–Boylan classification of a demand series (Syntetos, Boylan & Croston 2005):
/// by how often demand occurs (ADI, the average number of days per non-zero day) and how much
/// the non-zero quantities vary (CV², their squared coefficient of variation), with the
/// published cut-offs 1.32 and 0.49. Intermittent and lumpy series are offered the methods made
/// for them (Croston SBA, TSB, ADIDA, IMAPA).
package enum DemandClass: String, Sendable, Equatable, CaseIterable {
    /// ADI < 1.32, CV² < 0.49: demand most days, of similar size.
    case smooth
    /// ADI < 1.32, CV² ≥ 0.49: demand most days, of very different sizes.
    case erratic
    /// ADI ≥ 1.32, CV² < 0.49: many days without demand, sizes similar.
    case intermittent
    /// ADI ≥ 1.32, CV² ≥ 0.49: many days without demand, sizes very different.
    case lumpy
    /// No non-zero day at all.
    case none

    /// ADI cut-off, days per demand.
    package static let adiCutoff = 1.32
    /// CV² cut-off.
    package static let cv2Cutoff = 0.49
    /// Days of the most recent history the classification looks at (a year).
    package static let days = 364

    /// Whether the intermittent-demand methods are offered.
    package var isIntermittent: Bool { self == .intermittent || self == .lumpy }

    /// The class of the last `days` days of `values` (units/day), with its ADI (days per
    /// non-zero day) and CV² (of the non-zero values); ADI and CV² are nil without a non-zero day.
    package static func classify(_ values: [Double]) -> (demandClass: DemandClass, adi: Double?, cv2: Double?) {
        let recent = values.suffix(days)
        let sizes = recent.filter { $0 > 0 }
        guard !sizes.isEmpty else { return (.none, nil, nil) }
        let adi = Double(recent.count) / Double(sizes.count)
        let mean = sizes.reduce(0, +) / Double(sizes.count)
        let variance = sizes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(sizes.count)
        let cv2 = mean > 0 ? variance / (mean * mean) : 0
        let kind: DemandClass =
            adi < adiCutoff
            ? (cv2 < cv2Cutoff ? .smooth : .erratic)
            : (cv2 < cv2Cutoff ? .intermittent : .lumpy)
        return (kind, adi, cv2)
    }
}
