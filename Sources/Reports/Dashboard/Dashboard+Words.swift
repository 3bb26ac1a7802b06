import Planning
import StockcastCore

/// How the dashboard words things for people.
extension Dashboard {
    static func method(_ m: ModelInfo) -> String {
        switch m.source {
        case "lstm": return "LSTM"
        case "holt_winters": return "Holt–Winters"
        case "seasonal_naive": return "seasonal naive"
        case "seasonal_mean": return "seasonal mean"
        case "auto_ets": return "AutoETS"
        case "croston_sba": return "Croston SBA"
        case "tsb": return "TSB"
        case "adida": return "ADIDA"
        case "imapa": return "IMAPA"
        case "returns_from_sales": return "returns from sales"
        case "combination": return "combination"
        default: return m.source
        }
    }

    static func modelText(_ m: ModelInfo) -> String {
        method(m) + (m.version.map { " v\($0)" } ?? "")
    }

    static func policyText(_ p: InventoryPolicy) -> String {
        switch p {
        case .safetyFactor(let f): return "safety factor \(Rendering.decimal(f, 2))"
        case .serviceLevel(let target, let lead, let review):
            return "service level \(Rendering.decimal(target * 100, 1)) %, lead time \(lead) d, review every \(review) d"
        }
    }

    /// "2026-11-25 08:30 UTC".
    static func readable(_ t: Timestamp) -> String {
        let s = t.description
        guard s.count >= 16 else { return s }
        return String(s.prefix(10)) + " " + String(s.dropFirst(11).prefix(5)) + " UTC"
    }

    /// A number with `digits` decimals and thousands separated by commas.
    static func grouped(_ v: Double, _ digits: Int) -> String {
        Markup.grouped(Rendering.decimal(v, digits), separator: ",")
    }

    /// An alert's name for people: "HighReturnRate" → "High return rate".
    static func title(_ name: AlertName) -> String {
        var out = ""
        for (i, c) in name.rawValue.enumerated() {
            if i > 0 && c.isUppercase { out += " " + c.lowercased() } else { out.append(c) }
        }
        return out
    }
}
