import Foundation
import StockcastCore
import Testing

@testable import Forecasting

/// A recipe is enough to recompute the served forecast: each statistical method's formula is
/// evaluated here from the recipe's figures alone (as a script would) and must give the served
/// values, and the calibration must give the served bounds.
@Suite struct ForecastRecipeTests {
    static let monday = Day(iso: "2024-01-01")!

    /// Day h (1-based) of one part's raw forecast, from its formula and figures.
    static func raw(_ part: ForecastRecipe.Part, day h: Int, first: Day) -> Double {
        let f = part.figures
        func one(_ name: String) -> Double { f[name]?.first ?? .nan }
        switch part.method {
        case .seasonalNaive: return f["week"]![(h - 1) % 7]
        case .seasonalMean: return one("level") * f["profile"]![first.advanced(by: h - 1).weekday - 1]
        case .holtWinters: return one("level") + Double(h) * one("trend") + f["seasonal"]![(h - 1) % 7]
        case .autoETS:
            let phi = one("phi"), damped = part.formula.contains("d,")
            let phiH = damped ? (1...h).reduce(0.0) { s, k in s + pow(phi, Double(k)) } : Double(h)
            let u = one("level") + phiH * one("trend")
            let s = f["seasonal"]!.isEmpty ? nil : f["seasonal"]![(h - 1) % 7]
            if part.formula.hasPrefix("ETS(A,") || part.formula.hasPrefix("ETS(M,") {
                let season = part.formula.split(separator: ")")[0].last!
                switch season {
                case "A": return u + s!
                case "M": return u * s!
                default: return u
                }
            }
            return .nan
        case .returnsFromSales:
            let sales = f["recent_sales"]! + f["future_sales"]!
            let weights = f["weights"]!
            return one("rate") * weights.indices.reduce(0.0) { $0 + weights[$1] * sales[14 + h - 1 - $1] }
        case .crostonSBA, .tsb, .adida, .imapa: return one("rate")
        case .lstm, .combination: return .nan
        }
    }

    /// The served forecast recomputed from `recipe` (statistical parts only).
    static func recompute(_ recipe: ForecastRecipe, horizon: Int) -> [Double] {
        let closed = Set(recipe.closedWeekdays)
        return (1...horizon).map { h in
            let day = recipe.firstDay.advanced(by: h - 1)
            guard !closed.contains(day.weekday) else { return 0 }
            return recipe.parts.reduce(0.0) { sum, part in
                let factor = part.method.isWeekdayAware ? 1 : 7 / Double(7 - closed.count)
                return sum + part.weight * max(0, raw(part, day: h, first: recipe.firstDay)) * factor
            }
        }
    }

    static var contexts: [(String, SeriesContext)] {
        let days = Array(0..<200)
        let weekly: [Double] = days.map { d in
            let wave: Double = 12 * sin(Double(d) * 2 * Double.pi / 7)
            return 30 + wave + Double(d * 37 % 11)
        }
        let sparse: [Double] = days.map { d in d * 7919 % 13 == 0 ? Double(1 + d % 4) : 0 }
        let closedSaturdays: [Double] = days.map { d in monday.advanced(by: d).weekday == 6 ? 0 : 20 + Double(d * 13 % 9) }
        let sales: [Double] = weekly.map { ($0 * 2).rounded() }
        let returns: [Double] = days.map { d in d >= 7 ? (0.1 * sales[d - 7]).rounded() : 0 }
        return [
            ("weekly", SeriesContext(series: .sales, start: monday, values: weekly)),
            ("sparse", SeriesContext(series: .sales, start: monday, values: sparse)),
            ("closed on Saturdays", SeriesContext(series: .sales, start: monday, values: closedSaturdays)),
            ("returns with sales", SeriesContext(series: .returns, start: monday, values: returns, sales: sales)),
        ]
    }

    @Test func everyStatisticalMethodsForecastIsRecomputedFromItsRecipe() throws {
        let horizon = 40
        for (name, context) in Self.contexts {
            let methods = ForecastMethod.allCases.filter { $0 != .lstm && $0 != .combination }
            var served: [ForecastMethod] = []
            for method in methods {
                guard let p = SeriesForecast.serve(ServingPlan(method: method), model: nil, context, horizon: horizon) else { continue }
                served.append(method)
                let recipe = try #require(p.recipe, "\(name) \(method)")
                #expect(recipe.firstDay == context.start.advanced(by: context.count))
                let again = Self.recompute(recipe, horizon: horizon)
                for h in 0..<horizon {
                    #expect(abs(again[h] - p.values[h]) <= 1e-9 * max(1, p.values[h]), "\(name) \(method) day \(h + 1): \(again[h]) ≠ \(p.values[h])")
                }
            }
            #expect(served.contains(.autoETS) && served.contains(.seasonalMean), "\(name): \(served)")
        }
    }

    @Test func aCombinationsRecipeWeighsItsMembersAndItsCalibrationGivesTheBounds() throws {
        let (_, context) = Self.contexts[0]
        let selection = try #require(SeriesForecast.selection(context))
        let members = [ServingPlan.Member(method: .autoETS, weight: 3), ServingPlan.Member(method: .seasonalMean, weight: 1)]
        let calibration = try #require(selection.calibrations[.autoETS])
        let plan = ServingPlan(method: .combination, members: members, calibration: calibration)
        let p = try #require(SeriesForecast.serve(plan, model: nil, context, horizon: 30))
        let recipe = try #require(p.recipe)
        #expect(recipe.parts.map(\.weight) == [0.75, 0.25])
        let again = Self.recompute(recipe, horizon: 30)
        #expect(zip(again, p.values).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, $1) })
        // The bounds follow from the recipe's calibration and scale alone.
        let bounds = try #require(recipe.calibration?.prediction(.combination, values: again, scale: recipe.scale).bounds)
        let served = try #require(p.bounds)
        for (mine, theirs) in [
            (bounds.lower80, served.lower80), (bounds.upper80, served.upper80), (bounds.lower95, served.lower95), (bounds.upper95, served.upper95),
        ] {
            #expect(zip(mine, theirs).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, $1) })
        }
        // And report.json gets it as JSON in snake_case, with the note.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(recipe.json.utf8)) as? [String: Any])
        #expect(json["first_day"] as? String == recipe.firstDay.description && json["closed_weekdays"] != nil && json["note"] != nil)
        #expect(((json["calibration"] as? [String: Any])?["bands"] as? [[String: Any]])?.first?["zero_share"] != nil)
    }
}
