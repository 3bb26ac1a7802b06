import Forecasting
import StockcastCore

/// One series of one product.
struct SeriesKey: Hashable, Sendable {
    var product: String
    var series: SeriesKind
}

/// A series' forecast made when it was maintained (`ModelUpkeep`), with the model in hand, and
/// the metadata of the model that made it (nil: a baseline serves).
struct MaintainedForecast: Sendable {
    var prediction: SeriesPrediction
    var metadata: ModelMetadata?
}
