import StockcastCore

/// Why a forecasting step could not run.
package struct ForecastingError: Error, CustomStringConvertible, Equatable {
    private enum Code: Equatable {
        case insufficientHistory(days: Int, needed: Int)
        case trainingDiverged
        case invalidConfiguration(String)
    }

    private let code: Code
    /// The product concerned, if any.
    package let product: String?
    /// The series concerned, if any.
    package let series: SeriesKind?

    package static func insufficientHistory(product: String, series: SeriesKind, days: Int, needed: Int) -> Self {
        Self(code: .insufficientHistory(days: days, needed: needed), product: product, series: series)
    }

    package static func trainingDiverged(product: String, series: SeriesKind) -> Self {
        Self(code: .trainingDiverged, product: product, series: series)
    }

    package static func invalidConfiguration(_ reason: String) -> Self {
        Self(code: .invalidConfiguration(reason), product: nil, series: nil)
    }

    package var description: String {
        switch code {
        case let .insufficientHistory(days, needed):
            return "\(product ?? "?") \(series?.rawValue ?? ""): \(days) days of history, at least \(needed) needed to train a model"
        case .trainingDiverged:
            return
                "\(product ?? "?") \(series?.rawValue ?? ""): training produced no finite loss (values too large or a learning rate too high); no model written"
        case let .invalidConfiguration(reason):
            return "invalid model configuration: \(reason)"
        }
    }
}
