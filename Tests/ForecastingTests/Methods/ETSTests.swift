import Foundation
import StockcastCore
import Testing

@testable import Forecasting

@Suite struct ETSTests {
    /// ETS(A,A,N), α = 0.5, β = 0.1, from ℓ = 10, b = 1, on y = [12, 11]:
    /// t=0: μ = 11, e = 1: ℓ = 11.5, b = 1.1; t=1: μ = 12.6, e = −1.6: ℓ = 11.8, b = 0.94.
    /// SSE = 1 + 2.56; forecast h: 11.8 + 0.94h.
    @Test func additiveRecursionsByHand() throws {
        let spec = ETS.Spec(error: .additive, trend: .additive, season: .none)
        let m = try #require(
            ETS.run(
                [12, 11], spec: spec, m: 7, alpha: 0.5, beta: 0.1, gamma: 0.3, phi: 0.9,
                start: (10, 1, [Double](repeating: 0, count: 7))))
        #expect(abs(m.level - 11.8) < 1e-12 && abs(m.trend - 0.94) < 1e-12 && abs(m.sse - 3.56) < 1e-12)
        #expect(m.gamma == 0 && m.phi == 1 && m.seasonal.isEmpty, "no season, undamped")
        #expect(zip(m.forecast(horizon: 2), [12.74, 13.68]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    /// ETS(M,N,M), α = 0.2, γ = 0.1, ℓ = 10, s = [2, 0.5] (season 2), y = [22, 4]:
    /// t=0: μ = 20, ε = 0.1: ℓ = 10.2, s0 = 2.02; t=1: μ = 5.1, ε = −0.2157: ℓ = 9.76, s1 = 0.4892.
    @Test func multiplicativeRecursionsByHand() throws {
        let spec = ETS.Spec(error: .multiplicative, trend: .none, season: .multiplicative)
        let m = try #require(ETS.run([22, 4], spec: spec, m: 2, alpha: 0.2, beta: 0, gamma: 0.1, phi: 1, start: (10, 0, [2, 0.5])))
        let e1 = (4 - 5.1) / 5.1
        #expect(abs(m.level - 10.2 * (1 + 0.2 * e1)) < 1e-12)
        #expect(abs(m.seasonal[0] - 2.02) < 1e-12 && abs(m.seasonal[1] - 0.5 * (1 + 0.1 * e1)) < 1e-12, "rotated: day 2 is weekday 0")
        #expect(abs(m.sse - (0.01 + e1 * e1)) < 1e-12)
        #expect(
            ETS.run([1, 1], spec: spec, m: 2, alpha: 0.2, beta: 0, gamma: 0.1, phi: 1, start: (-1, 0, [1, 1])) == nil,
            "a multiplicative model needs positive forecasts")
    }

    /// Damped: day h adds (φ + … + φ^h)·b.
    @Test func dampedTrendForecast() {
        let spec = ETS.Spec(error: .additive, trend: .additive, damped: true, season: .additive)
        let m = ETS(
            spec: spec, alpha: 0.1, beta: 0.01, gamma: 0.1, phi: 0.9, level: 10, trend: 2, seasonal: [1, -1],
            sse: 0, aicc: 0, days: 10)
        let expected: [Double] = [12.8, 12.42, 15.878]  // 10 + 1.8 + 1, 10 + 3.42 − 1, 10 + 4.878 + 1
        #expect(zip(m.forecast(horizon: 3), expected).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(spec.description == "ETS(A,Ad,A)")
        #expect(ETS.Spec(error: .additive, trend: .none, damped: true, season: .none).damped == false)
    }

    @Test func autoETSPicksASeasonalModelForAWeeklySeriesAndOnlyAdditiveOnesForZeros() throws {
        let week: [Double] = [20, 22, 21, 25, 40, 35, 8]
        let y: [Double] = (0..<200).map { (d: Int) -> Double in week[d % 7] + Double(d * 7919 % 7) - 3 }
        let fit = try #require(AutoETS.fit(y))
        #expect(fit.spec.season != .none, "\(fit.spec)")
        let f = fit.forecast(horizon: 7)
        let truth: [Double] = (200..<207).map { week[$0 % 7] }
        #expect(zip(f, truth).allSatisfy { abs($0 - $1) < 4 }, "\(f)")
        #expect(AutoETS.specs(for: y).count == 15 && AutoETS.specs(for: y + [0]).count == 6)
        #expect(AutoETS.fit(Array(y.prefix(27))) == nil, "four weeks needed")
        #expect(AutoETS.fit(y) == fit, "deterministic")
        let flat = try #require(AutoETS.fit([Double](repeating: 0, count: 60)))
        #expect(flat.forecast(horizon: 3).allSatisfy { abs($0) < 1e-9 })
    }

    /// A model fitted once is re-run over a longer history: its smoothing stays, its states
    /// follow the new days (a step up in demand lifts the forecast as a refit's would).
    @Test func fittedParametersAreRerunOverNewDaysInsteadOfFittedAgain() throws {
        let week: [Double] = [20, 22, 21, 25, 40, 35, 8]
        let y: [Double] = (0..<300).map { (d: Int) -> Double in week[d % 7] + Double(d * 7919 % 7) - 3 }
        let fit = try #require(AutoETS.fit(y))
        let parameters = fit.parameters
        #expect(parameters.isValid && parameters.spec == fit.spec)
        let again = try #require(AutoETS.filter(y, parameters))
        #expect(again.alpha == fit.alpha && again.gamma == fit.gamma && again.spec == fit.spec)
        let stepped = y + (300..<328).map { week[$0 % 7] + 30 }
        let rerun = try #require(AutoETS.filter(stepped, parameters))
        let refit = try #require(AutoETS.fit(stepped))
        let rerunWeek: Double = rerun.forecast(horizon: 7).reduce(0, +)
        let refitWeek: Double = refit.forecast(horizon: 7).reduce(0, +)
        let oldWeek: Double = fit.forecast(horizon: 7).reduce(0, +)
        #expect(rerunWeek > oldWeek + 7 * 20, "followed the step: \(rerunWeek) from \(oldWeek)")
        #expect(abs(rerunWeek - refitWeek) < 0.1 * refitWeek, "close to a refit: \(rerunWeek) vs \(refitWeek)")
        // Parameters a fit cannot give are refused, and a multiplicative model on a day of 0 falls back to a fit.
        var bad = parameters
        bad.alpha = .nan
        #expect(!bad.isValid && AutoETS.filter(y, bad) == nil && AutoETS.model(y, parameters: bad) == fit)
        var multiplicative = parameters
        multiplicative.spec = ETS.Spec(error: .multiplicative, trend: .none, season: .multiplicative)
        #expect(AutoETS.filter(y + [0], multiplicative) == nil && AutoETS.model(y + [0], parameters: multiplicative) == AutoETS.fit(y + [0]))
    }

    /// The serving plan carries what its statistical methods fitted; serving with them re-runs
    /// the model, and a plan with figures out of range is not served from a file.
    @Test func theServingPlanCarriesTheFittedParametersThroughItsJSON() throws {
        let week: [Double] = [20, 22, 21, 25, 40, 35, 8]
        let values: [Double] = (0..<200).map { (d: Int) -> Double in week[d % 7] + 0.5 * Double(d) + Double(d * 31 % 5) }
        let context = SeriesContext(series: .sales, start: Day(iso: "2024-01-01")!, values: values)
        let selection = try #require(MethodSelection.select(context, origins: [170, 156, 142], horizon: 30, offered: [.autoETS]))
        #expect(selection.plan.method == .autoETS && selection.plan.parameters?.ets == AutoETS.fit(values)?.parameters)
        let plan = try #require(ServingPlan(json: selection.plan.json))
        #expect(plan == selection.plan && selection.plan.json.contains("\"parameters\""))
        let p = try #require(SeriesForecast.serve(plan, model: nil, context, horizon: 14))
        let refiltered = try #require(AutoETS.filter(values, plan.parameters!.ets!)).forecast(horizon: 14).map { max(0, $0) }
        #expect(zip(p.values, refiltered).allSatisfy { abs($0 - $1) < 1e-9 })
        var broken = plan
        broken.parameters?.ets?.phi = 3
        #expect(ServingPlan(json: broken.json) == nil)
    }
}
