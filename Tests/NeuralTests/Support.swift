import Foundation

@testable import Neural

/// The seed system's network: LSTM(50, sequences) → Dropout(0.2) → LSTM(50) → Dropout(0.2) → Dense(25) → Dense(1).
let seedArchitecture: [LayerSpec] = [
    .lstm(units: 50, returnSequences: true), .dropout(rate: 0.2),
    .lstm(units: 50, returnSequences: false), .dropout(rate: 0.2),
    .dense(units: 25), .dense(units: 1),
]

enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String {
        directory.appendingPathComponent(relative).path
    }

    static func json(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(relative))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// `inputs` of a Keras vector file ([samples][steps][features]) as a dataset.
    static func dataset(_ relative: String, targets: [Double]? = nil) throws -> SequenceDataset {
        let object = try json(relative)
        let windows = object["inputs"] as! [[[Double]]]
        let steps = windows[0].count, features = windows[0][0].count
        let inputs = windows.flatMap { $0.flatMap { $0.map(Float.init) } }
        let t = (targets ?? (object["targets"] as? [Double]) ?? [Double](repeating: 0, count: windows.count))
        return SequenceDataset(steps: steps, features: features, inputs: inputs, targets: t.map(Float.init))
    }
}

/// Largest |a − b| / max(|b|, floor) over two arrays.
func maxRelativeError(_ a: [Float], _ b: [Float], floor: Float) -> Float {
    precondition(a.count == b.count)
    var worst: Float = 0
    for (x, y) in zip(a, b) { worst = max(worst, abs(x - y) / max(abs(y), floor)) }
    return worst
}

func maxAbsoluteError(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count)
    return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
