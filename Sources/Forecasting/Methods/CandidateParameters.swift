/// What the statistical candidates fitted, kept so that they are re-run rather than fitted
/// again: at the validation origins (fitted once, at the earliest, and run forward over the
/// days before each later one) and at forecast time (fitted when the serving method was
/// chosen, in the serving plan). Fitting AutoETS costs tens of ms per series; running it, µs.
package struct CandidateParameters: Sendable, Equatable, Codable {
    /// AutoETS's model of the series (for `autoETS`).
    package var ets: ETS.Parameters?
    /// AutoETS's model of the product's sales (for `returnsFromSales`'s future sales).
    package var salesETS: ETS.Parameters?

    // "salesEts": the snake_case JSON key "sales_ets" converts back to it.
    private enum CodingKeys: String, CodingKey {
        case ets
        case salesETS = "salesEts"
    }

    package init(ets: ETS.Parameters? = nil, salesETS: ETS.Parameters? = nil) {
        self.ets = ets
        self.salesETS = salesETS
    }

    /// The parameters `methods` use, fitted to `context`; nil when none of them uses any.
    package static func fit(_ context: SeriesContext, for methods: some Sequence<ForecastMethod>) -> CandidateParameters? {
        let set = Set(methods)
        var out = CandidateParameters()
        if set.contains(.autoETS) { out.ets = AutoETS.fit(context.values)?.parameters }
        if set.contains(.returnsFromSales), let sales = context.sales { out.salesETS = AutoETS.fit(sales)?.parameters }
        return out.ets == nil && out.salesETS == nil ? nil : out
    }

    /// Every figure within the ranges a fit gives.
    package var isValid: Bool { (ets?.isValid ?? true) && (salesETS?.isValid ?? true) }
}
