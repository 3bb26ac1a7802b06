import Foundation

/// One entry of a model file's `features` metadata: the input at position `index` of a time
/// step, its name (`SeriesEncoding.featureNames`) and how it is computed, for another framework.
struct FeatureDescription: Sendable, Equatable, Decodable {
    /// Position among the inputs of a time step, from 0.
    var index = 0
    var name: String
    /// The formula in words.
    var formula = ""

    /// Reading needs only the names: a file written elsewhere may describe its inputs otherwise.
    private enum CodingKeys: String, CodingKey { case name }

    init(index: Int, name: String, formula: String) {
        self.index = index
        self.name = name
        self.formula = formula
    }

    /// The metadata's JSON array of `features`, members in the order index, name, formula.
    static func json(_ features: [FeatureDescription]) -> String {
        "["
            + features.map { "{\"index\":\($0.index),\"name\":\(quoted($0.name)),\"formula\":\(quoted($0.formula))}" }
            .joined(separator: ",") + "]"
    }

    /// The names in a metadata `features` array; nil when it is not an array of objects with a
    /// string `name`.
    static func names(fromJSON text: String) -> [String]? {
        (try? JSONDecoder().decode([FeatureDescription].self, from: Data(text.utf8)))?.map(\.name)
    }

    /// `text` as a JSON string literal, `/` unescaped.
    private static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
