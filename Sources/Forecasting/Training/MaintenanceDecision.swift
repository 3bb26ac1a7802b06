import Foundation
import StockcastCore

/// What maintenance decided for one series' model, and why. Its `description` is the sentence
/// logs, `report.json` and the registry carry.
package enum MaintenanceDecision: Sendable, Equatable, CustomStringConvertible {
    /// Why a model was trained from scratch.
    package enum Retrain: Sendable, Equatable {
        /// The series had no model yet.
        case initial
        /// `train --full` (or the caller) asked for it.
        case requested
        /// A new value (units/day) lies outside the trained range by more than `marginPercent` %.
        case outOfRange(value: Double, minimum: Double, maximum: Double, marginPercent: Double)
    }

    /// No model, and too little history for one: `method` serves, chosen as `reason` says
    /// (empty when the history is too short to choose on).
    case baseline(method: ForecastMethod, days: Int, needed: Int, reason: String = "")
    /// A model trained from scratch: version `version`, `epochs` epochs, validation MAE (units/day);
    /// `base` is the digest of the base model it was tuned from (nil: random weights).
    case trained(Retrain, version: Int, epochs: Int, validationMAE: Double, selection: String, base: String? = nil)
    /// A full retrain was asked for but the history is too short: version `version` stays.
    case keptTooShort(version: Int, needed: Int, days: Int)
    /// Fine-tuning made `to` from `from`, not worse over the last `days` days (MAEs in units/day).
    case fineTuneAccepted(from: Int, to: Int, candidateMAE: Double, currentMAE: Double, days: Int)
    /// Fine-tuning was worse over the last `days` days: version `version` stays.
    case fineTuneRejected(version: Int, candidateMAE: Double, currentMAE: Double, days: Int)
    /// Not due for fine-tuning (`FineTuneSchedule`): version `version` stays, `daysBehind` days
    /// behind its history, `outside` of `checked` new days outside its 95 % band.
    case fineTuneNotDue(version: Int, daysBehind: Int, intervalDays: Int, outside: Int, checked: Int)
    /// A model written by a run stopped before recording it, already covering the history, kept.
    case keptInterrupted(version: Int, trainedThrough: Day)
    /// Training failed; the current model (or a baseline) keeps serving.
    case notTrained(reason: String)

    package var description: String {
        switch self {
        case let .baseline(method, days, needed, reason):
            return "\(method): \(days) days of history, \(needed) needed for an LSTM" + (reason.isEmpty ? "" : "; " + reason)
        case let .trained(why, version, epochs, mae, selection, base):
            let reason: String
            switch why {
            case .initial: reason = "initial training"
            case .requested: reason = "full retrain requested"
            case let .outOfRange(value, minimum, maximum, margin):
                reason = String(
                    format: "full retrain: %.0f is outside the trained range [%.0f, %.0f] by more than %.0f %%",
                    value, minimum, maximum, margin)
            }
            let how = base.map { "tuned from base model \($0) for" } ?? "trained from scratch,"
            return String(
                format: "%@: v%d %@ %d epoch%@, validation MAE %.2f; %@",
                reason, version, how, epochs, epochs == 1 ? "" : "s", mae, selection)
        case let .keptTooShort(version, needed, days):
            return "kept v\(version): a full retrain needs \(needed) days, the history has \(days)"
        case let .fineTuneAccepted(from, to, candidate, current, days):
            return String(
                format: "fine-tuned v%d → v%d, accepted: validation MAE %.2f ≤ %.2f over the last %d days",
                from, to, candidate, current, days)
        case let .fineTuneRejected(version, candidate, current, days):
            return String(
                format: "fine-tune rejected, kept v%d: validation MAE %.2f > %.2f over the last %d days",
                version, candidate, current, days)
        case let .fineTuneNotDue(version, behind, interval, outside, checked):
            return "kept v\(version): \(behind) day\(behind == 1 ? "" : "s") behind its history (fine-tuned every \(interval) days), "
                + "\(outside) of \(checked) new day\(checked == 1 ? "" : "s") outside its 95 % band"
        case let .keptInterrupted(version, trainedThrough):
            return "kept v\(version): written by a run stopped before recording it, trained through \(trainedThrough)"
        case let .notTrained(reason):
            return "not trained: \(reason)"
        }
    }
}
