import Foundation
import Planning
import StockcastCore
import Testing

@testable import Reports

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A product report with the shape the daemon makes: 90 days of history, a 90-day forecast
/// with error sds, a plan over `horizon` days. The numbers vary from day to day (a weekly
/// pattern plus deterministic noise) and are not round, so formatting and ties get exercised.
func sampleReport(
    product: String = "P001", seed: UInt64 = 1, horizon: Int = 30,
    policy: InventoryPolicy = .seedDefault, alerts: [ActiveAlert] = []
) throws -> ProductReport {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    func noise() -> Double {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Double(state % 10_000) / 10_000 - 0.5
    }
    let start = Day(iso: "2024-12-31")!
    let history = (1...90).reversed().map { d -> DayFigures in
        let day = start.advanced(by: -d)
        return DayFigures(
            day: day, sales: (120 + 25 * sin(Double(day.weekday)) + 30 * noise()).rounded(),
            returns: (12 + 6 * noise()).rounded())
    }
    let forecast = (0..<90).map { d -> DayFigures in
        DayFigures(
            day: start.advanced(by: d), sales: max(0, 118 + 22 * sin(Double(start.advanced(by: d).weekday)) + 3 * noise()),
            returns: max(0, 11.5 + 1.7 * noise()))
    }
    let uncertainty = forecast.enumerated().map { i, f in
        DayUncertainty(day: f.day, salesSD: 9 + 0.05 * Double(i) + noise(), returnsSD: 3.1 + 0.2 * noise())
    }
    let plan = try Planner.plan(forecast, uncertainty: uncertainty, horizon: horizon, policy: policy)
    return ProductReport(
        product: product, dataThrough: start.advanced(by: -1), history: history, forecast: forecast,
        uncertainty: uncertainty, plan: plan,
        sales: ModelInfo(source: "lstm", version: 2, trainedThrough: start.advanced(by: -1), validationMAE: 9.1, decision: "fine-tuned"),
        returns: ModelInfo(source: "holt_winters", version: nil, trainedThrough: nil, validationMAE: nil, decision: "no model"),
        salesAccuracy: LiveAccuracy(days: 0, mae7: nil, mae30: nil, bias7: nil, bias30: nil),
        returnsAccuracy: LiveAccuracy(days: 0, mae7: nil, mae30: nil, bias7: nil, bias30: nil), alerts: alerts)
}

/// An element of a parsed XML document.
final class XMLNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    subscript(_ attribute: String) -> String? { attributes[attribute] }

    /// This element and every element below it, in document order.
    var all: [XMLNode] { [self] + children.flatMap(\.all) }

    func elements(_ name: String) -> [XMLNode] { all.filter { $0.name == name } }

    /// The text of this element and of everything below it.
    var allText: String { text + children.map(\.allText).joined() }

    /// Parses `text` with Foundation's XMLParser (libxml2); fails the test on any error.
    static func parse(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> XMLNode {
        let delegate = TreeBuilder()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = delegate
        let ok = parser.parse()
        let error = parser.parserError.map { "\($0) at line \(parser.lineNumber), column \(parser.columnNumber)" }
        #expect(ok, "not well-formed XML: \(error ?? "?")", sourceLocation: sourceLocation)
        return try #require(delegate.root, sourceLocation: sourceLocation)
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var root: XMLNode?
        var stack: [XMLNode] = []

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let node = XMLNode(name: name, attributes: attributes)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }

        func parser(_ parser: XMLParser, foundCDATA block: Data) { stack.last?.text += String(decoding: block, as: UTF8.self) }
    }
}

/// `r` with calibrated, asymmetric prediction intervals on every forecast day (as a forecast
/// calibrated on its validation errors has them): lower bounds nearer the forecast than the
/// upper ones, never below zero.
func withCalibratedIntervals(_ r: ProductReport) -> ProductReport {
    var r = r
    let byDay = Dictionary(r.forecast.map { ($0.day, $0) }, uniquingKeysWith: { a, _ in a })
    r.uncertainty = r.uncertainty.map { u in
        var u = u
        guard let f = byDay[u.day] else { return u }
        func bounds(_ v: Double, _ sd: Double) -> [Double] {
            let lower80: Double = max(0, v - 0.7 * sd), lower95: Double = max(0, v - 1.1 * sd)
            return [lower80, v + 1.6 * sd, lower95, v + 2.9 * sd]
        }
        u.intervals = bounds(f.sales, u.salesSD) + bounds(f.returns, u.returnsSD)
        return u
    }
    return r
}
