/// One layer of a network's architecture, as Keras would declare it.
package enum LayerSpec: Sendable, Equatable, Codable {
    /// LSTM with `units` cells; `returnSequences` passes every step's state to the next layer.
    case lstm(units: Int, returnSequences: Bool)
    /// Inverted dropout with this rate (fraction, 0 ≤ rate < 1), active only while training.
    case dropout(rate: Double)
    /// Fully connected layer with linear activation.
    case dense(units: Int)
}

/// What an architecture implies — validity, tensor names and shapes, output — worked out
/// without building it, so that an architecture read from a file can be checked before any
/// memory is spent on it.
package enum Architecture {
    /// The widest layer (or input) a network may have.
    package static let maximumWidth = 4096
    /// The most trainable scalars a network may have.
    package static let maximumParameters = 50_000_000

    /// Why `layers` cannot be built, or nil when it can: at least one layer, sizes 1 …
    /// `maximumWidth`, dropout rates in [0, 1), at most `maximumParameters` parameters.
    package static func problem(_ layers: [LayerSpec], inputFeatures: Int) -> String? {
        guard (1...maximumWidth).contains(inputFeatures) else {
            return "\(inputFeatures) input features (1–\(maximumWidth) allowed)"
        }
        guard !layers.isEmpty else { return "no layers" }
        for spec in layers {
            switch spec {
            case let .lstm(units, _), let .dense(units):
                guard (1...maximumWidth).contains(units) else { return "a layer of \(units) units (1–\(maximumWidth) allowed)" }
            case let .dropout(rate):
                guard rate >= 0, rate < 1 else { return "dropout rate \(rate) (must be in [0, 1))" }
            }
        }
        let parameters = tensorShapes(layers, inputFeatures: inputFeatures).reduce(0) { $0 + $1.shape.reduce(1, *) }
        guard parameters <= maximumParameters else {
            return "\(parameters) parameters (at most \(maximumParameters) allowed)"
        }
        return nil
    }

    /// Keras-style layer names: `lstm_1`, `dropout_1`, `lstm_2`, `dense_1`, ….
    static func layerNames(_ layers: [LayerSpec]) -> [String] {
        var counts: [String: Int] = [:]
        return layers.map { spec in
            let kind: String
            switch spec {
            case .lstm: kind = "lstm"
            case .dropout: kind = "dropout"
            case .dense: kind = "dense"
            }
            counts[kind, default: 0] += 1
            return "\(kind)_\(counts[kind]!)"
        }
    }

    /// Every tensor's Keras name (`lstm_1.kernel`, …) and shape, in layer order. Call only on a
    /// valid architecture (sizes are small enough not to overflow).
    static func tensorShapes(_ layers: [LayerSpec], inputFeatures: Int) -> [(name: String, shape: [Int])] {
        var features = inputFeatures
        var out: [(name: String, shape: [Int])] = []
        for (spec, name) in zip(layers, layerNames(layers)) {
            switch spec {
            case let .lstm(units, _):
                out += [
                    ("\(name).kernel", [features, 4 * units]), ("\(name).recurrent_kernel", [units, 4 * units]),
                    ("\(name).bias", [4 * units]),
                ]
                features = units
            case let .dense(units):
                out += [("\(name).kernel", [features, units]), ("\(name).bias", [units])]
                features = units
            case .dropout:
                break
            }
        }
        return out
    }

    /// Values per time step of the output, and whether there is one output per input step
    /// (the last LSTM returns sequences) or one per sample.
    package static func output(_ layers: [LayerSpec], inputFeatures: Int) -> (features: Int, perStep: Bool) {
        var features = inputFeatures, perStep = true
        for spec in layers {
            switch spec {
            case let .lstm(units, sequences):
                features = units
                perStep = sequences
            case let .dense(units):
                features = units
            case .dropout:
                break
            }
        }
        return (features, perStep)
    }
}
