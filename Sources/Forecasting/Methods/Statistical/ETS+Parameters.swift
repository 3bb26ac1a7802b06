extension ETS {
    /// A fitted model's smoothing parameters without its states: what a later forecast re-runs
    /// the model with over a longer history (`AutoETS.filter`) instead of fitting it again.
    package struct Parameters: Sendable, Equatable, Codable {
        package var spec: Spec
        /// Level, trend and seasonal smoothing, fractions; damping, 1 undamped.
        package var alpha: Double
        package var beta: Double
        package var gamma: Double
        package var phi: Double

        /// Within the ranges a fit gives (a file's figures are checked with this before use).
        package var isValid: Bool {
            !(spec.damped && spec.trend == .none) && [alpha, beta, gamma, phi].allSatisfy(\.isFinite) && alpha > 0 && alpha < 1 && beta >= 0 && beta <= alpha
                && gamma >= 0 && gamma < 1 && phi >= 0.8 && phi <= 1
        }
    }

    /// This model's parameters.
    package var parameters: Parameters { Parameters(spec: spec, alpha: alpha, beta: beta, gamma: gamma, phi: phi) }
}

extension AutoETS {
    /// The model of `parameters` run over the last `fitDays` days of `history` (units/day), its
    /// initial states from their first weeks as a fit's (`ETS.start`): today's states with
    /// smoothing fitted earlier, for the cost of one pass. nil as `fit`, or when the model
    /// cannot run on these days (a multiplicative one on a day of 0 or less, which a fit would not
    /// consider either).
    package static func filter(_ history: [Double], _ parameters: ETS.Parameters) -> ETS? {
        let y = Array(history.suffix(fitDays))
        let multiplicative = parameters.spec.error == .multiplicative || parameters.spec.season == .multiplicative
        guard y.count >= minimumDays, y.allSatisfy(\.isFinite), parameters.isValid, !multiplicative || y.allSatisfy({ $0 > 0 }),
            let start = ETS.start(y, spec: parameters.spec, m: season)
        else { return nil }
        return ETS.run(
            y, spec: parameters.spec, m: season, alpha: parameters.alpha, beta: parameters.beta, gamma: parameters.gamma,
            phi: parameters.phi, start: start)
    }

    /// `filter` with `parameters` when given and it runs, a fit otherwise.
    package static func model(_ history: [Double], parameters: ETS.Parameters?) -> ETS? {
        parameters.flatMap { filter(history, $0) } ?? fit(history)
    }
}
