import Foundation

extension JSONText {
    /// `text` (JSON another stage encoded, such as a forecast's recipe) read back as a value, so
    /// that it is written with the same escapes as everything else; nil when it is not JSON.
    /// Object members keep their keys' order sorted; booleans stay booleans.
    init?(parsing text: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else { return nil }
        self.init(foundation: object)
    }

    private init(foundation value: Any) {
        switch value {
        case let s as String: self = .string(s)
        case let n as NSNumber:
            // JSONSerialization gives booleans as NSNumber too, of Objective-C type "c" (char).
            if String(cString: n.objCType) == "c" {
                self = .boolean(n.boolValue)
            } else {
                self = .number(n.doubleValue)
            }
        case let a as [Any]: self = .array(a.map { JSONText(foundation: $0) })
        case let o as [String: Any]: self = .sorted(o.mapValues { JSONText(foundation: $0) })
        default: self = .null
        }
    }
}
