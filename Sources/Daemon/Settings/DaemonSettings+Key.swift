import Forecasting
import Ingest
import Planning

extension DaemonSettings {
    /// A setting by the name the configuration gives it, for saying what a reload changed.
    package enum Key: String, Sendable, CaseIterable, CustomStringConvertible {
        case inbox, outbox, models, settleSeconds, rescanSeconds, horizon, safetyFactor, policyKind, serviceLevel
        case leadTimeDays, reviewDays, forecastDays, thresholds, model, fineTuning, warmStart, ingest, earliestDate, maxProducts
        case maxQuantity, concurrency, databaseBusySeconds, moq, packSize

        package var description: String { rawValue }

        /// Whether a change to it changes the reports (so every product is published again).
        package var shapesReports: Bool {
            switch self {
            case .horizon, .safetyFactor, .policyKind, .serviceLevel, .leadTimeDays, .reviewDays, .forecastDays, .thresholds, .moq, .packSize:
                true
            default:
                false
            }
        }

        /// Whether `a` and `b` give this setting the same value.
        func isSame(_ a: DaemonSettings, _ b: DaemonSettings) -> Bool {
            switch self {
            case .inbox: a.inbox == b.inbox
            case .outbox: a.outbox == b.outbox
            case .models: a.models == b.models
            case .settleSeconds: a.settleSeconds == b.settleSeconds
            case .rescanSeconds: a.rescanSeconds == b.rescanSeconds
            case .horizon: a.horizon == b.horizon
            case .safetyFactor: a.safetyFactor == b.safetyFactor
            case .policyKind: a.policyKind == b.policyKind
            case .serviceLevel: a.serviceLevel == b.serviceLevel
            case .leadTimeDays: a.leadTimeDays == b.leadTimeDays
            case .reviewDays: a.reviewDays == b.reviewDays
            case .forecastDays: a.forecastDays == b.forecastDays
            case .thresholds: a.thresholds == b.thresholds
            case .model: a.model == b.model
            case .fineTuning: a.fineTuning == b.fineTuning
            case .warmStart: a.warmStart == b.warmStart
            case .ingest: a.ingest == b.ingest
            case .earliestDate: a.earliestDate == b.earliestDate
            case .maxProducts: a.maxProducts == b.maxProducts
            case .maxQuantity: a.maxQuantity == b.maxQuantity
            case .concurrency: a.concurrency == b.concurrency
            case .databaseBusySeconds: a.databaseBusySeconds == b.databaseBusySeconds
            case .moq: a.moq == b.moq
            case .packSize: a.packSize == b.packSize
            }
        }

        /// The settings whose values differ between `old` and `new`, in declaration order.
        static func changed(from old: DaemonSettings, to new: DaemonSettings) -> [Key] {
            allCases.filter { !$0.isSame(old, new) }
        }
    }
}
