/// One layer of a network's architecture, as Keras would declare it.
public enum LayerSpec: Sendable, Equatable, Codable {
    /// LSTM with `units` cells; `returnSequences` passes every step's state to the next layer.
    case lstm(units: Int, returnSequences: Bool)
    /// Inverted dropout with this rate (fraction, 0 ≤ rate < 1), active only while training.
    case dropout(rate: Double)
    /// Fully connected layer with linear activation.
    case dense(units: Int)
}

/// A sequential network of LSTM, dropout and dense layers, with Keras's semantics, parameter
/// names (`lstm_1.kernel`, `dense_2.bias`, …) and default initialisers.
///
/// A network is a mutable object with its own buffers; use it from one task at a time.
public final class Network {
    /// Features per time step of the input.
    public let inputFeatures: Int
    public let architecture: [LayerSpec]
    let layers: [any Layer]
    private let inputBuffer = FloatBuffer()
    private let outputGrad = FloatBuffer()
    private var lastInputShape = ActivationShape(steps: 0, batch: 0, features: 0)

    /// A network with freshly initialised weights (Glorot-uniform kernels, orthogonal recurrent
    /// kernels, zero biases with forget-gate bias 1). The same seed gives the same weights and
    /// the same dropout masks.
    public init(inputFeatures: Int, architecture: [LayerSpec], seed: UInt64) {
        if let problem = Network.problem(with: architecture, inputFeatures: inputFeatures) {
            preconditionFailure("invalid architecture: \(problem)")
        }
        self.inputFeatures = inputFeatures
        self.architecture = architecture
        var generator = SeededGenerator(seed: seed)
        var counts: [String: Int] = [:]
        func nextName(_ kind: String) -> String {
            counts[kind, default: 0] += 1
            return "\(kind)_\(counts[kind]!)"
        }
        var layers: [any Layer] = []
        var features = inputFeatures
        for spec in architecture {
            switch spec {
            case let .lstm(units, returnSequences):
                let layer = LSTMLayer(name: nextName("lstm"), inputSize: features, units: units,
                                      returnSequences: returnSequences)
                layer.load([
                    "kernel": Initializer.glorotUniform([features, 4 * units], using: &generator),
                    "recurrent_kernel": Initializer.orthogonal([units, 4 * units], using: &generator),
                    "bias": Initializer.lstmBias(units: units),
                ])
                layers.append(layer)
                features = units
            case let .dropout(rate):
                layers.append(DropoutLayer(name: nextName("dropout"), rate: Float(rate), seed: generator.next()))
            case let .dense(units):
                let layer = DenseLayer(name: nextName("dense"), inputSize: features, units: units)
                layer.load([
                    "kernel": Initializer.glorotUniform([features, units], using: &generator),
                    "bias": Initializer.zeros([units]),
                ])
                layers.append(layer)
                features = units
            }
        }
        self.layers = layers
    }

    /// Values per sample of the network's output.
    public var outputSize: Int {
        layers.reduce(ActivationShape(steps: 1, batch: 1, features: inputFeatures)) { $1.outputShape(for: $0) }.features
    }

    /// Why `architecture` cannot be built, or nil when it can: sizes must be positive (at most
    /// `maximumWidth`) and dropout rates in [0, 1). Check architectures read from files first;
    /// `init` traps on an invalid one.
    public static func problem(with architecture: [LayerSpec], inputFeatures: Int) -> String? {
        guard (1...maximumWidth).contains(inputFeatures) else { return "\(inputFeatures) input features (1–\(maximumWidth) allowed)" }
        guard !architecture.isEmpty else { return "no layers" }
        for spec in architecture {
            switch spec {
            case let .lstm(units, _), let .dense(units):
                guard (1...maximumWidth).contains(units) else { return "a layer of \(units) units (1–\(maximumWidth) allowed)" }
            case let .dropout(rate):
                guard rate >= 0, rate < 1 else { return "dropout rate \(rate) (must be in [0, 1))" }
            }
        }
        return nil
    }

    /// The widest layer (or input) a network may have.
    public static let maximumWidth = 4096

    /// Number of trainable scalars.
    public var parameterCount: Int {
        parameters.reduce(0) { $0 + $1.count }
    }

    /// The trainable buffers, in layer order (internal layouts).
    var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Every tensor under its Keras name (`lstm_1.kernel` …) in Keras layout (gate order i, f,
    /// c, o): the weights, or with `gradients` the loss gradients of the last backward pass.
    func namedTensors(gradients: Bool) -> [(name: String, tensor: Tensor)] {
        layers.flatMap { layer in layer.tensors(gradients: gradients).map { ("\(layer.name).\($0.name)", $0.tensor) } }
    }

    /// The weights, keyed `lstm_1.kernel` … in Keras layouts (gate order i, f, c, o).
    public var tensors: [String: Tensor] {
        Dictionary(uniqueKeysWithValues: namedTensors(gradients: false).map { ($0.name, $0.tensor) })
    }

    /// Replaces all weights. Every tensor of this architecture must be present with its exact
    /// shape, and nothing else; on error no weight is changed.
    public func load(_ tensors: [String: Tensor], source: String) throws(ModelFileError) {
        var known = Set<String>()
        for layer in layers {
            for (name, shape) in layer.tensorShapes {
                let full = "\(layer.name).\(name)"
                known.insert(full)
                guard let t = tensors[full] else {
                    throw ModelFileError(file: source, problem: "tensor \(full) is missing")
                }
                guard t.shape == shape else {
                    throw ModelFileError(file: source, problem: "tensor \(full) has shape \(t.shape); this network needs \(shape)")
                }
            }
        }
        if let extra = tensors.keys.sorted().first(where: { !known.contains($0) }) {
            throw ModelFileError(file: source, problem: "tensor \(extra) does not belong to this network (\(known.count) tensors expected)")
        }
        for layer in layers {
            let prefix = layer.name + "."
            var own: [String: Tensor] = [:]
            for (name, _) in layer.tensorShapes { own[name] = tensors[prefix + name] }
            layer.load(own)
        }
    }

    // MARK: - Passes

    /// Copies samples `indices` of `data` into the input buffer (feature-major, batch padded
    /// with zero samples to a whole number of vectors).
    func gather(_ data: SequenceDataset, indices: some Collection<Int>) -> ActivationShape {
        precondition(data.features == inputFeatures, "dataset has \(data.features) features; the network takes \(inputFeatures)")
        let steps = data.steps, features = data.features
        let batch = ActivationShape.paddedBatch(indices.count)
        let shape = ActivationShape(steps: steps, batch: batch, features: features)
        let x = inputBuffer.zeroed(shape.count)
        data.inputs.withUnsafeBufferPointer { src in
            for (b, sample) in indices.enumerated() {
                let window = src.baseAddress! + sample * steps * features
                for t in 0..<steps {
                    for f in 0..<features { x[(f * steps + t) * batch + b] = window[t * features + f] }
                }
            }
        }
        lastInputShape = shape
        return shape
    }

    /// Runs the gathered batch through all layers; the output is `[outputSize × paddedBatch]`.
    func forward(training: Bool) -> UnsafePointer<Float> {
        var x = UnsafePointer(inputBuffer.pointer)
        var shape = lastInputShape
        for layer in layers {
            x = layer.forward(x, shape: shape, training: training)
            shape = layer.outputShape(for: shape)
        }
        return x
    }

    /// Backpropagates the loss gradient of the last forward output into every parameter's gradient.
    func backward(_ outputGradient: UnsafePointer<Float>) {
        var g = outputGradient
        for (index, layer) in layers.enumerated().reversed() {
            guard let next = layer.backward(g, inputGradient: index > 0) else { break }
            g = next
        }
    }

    func zeroGradients() {
        for p in parameters { p.zeroGradient() }
    }

    /// Multiply-adds of one forward (and one backward) pass over a batch of this shape.
    func multiplyAdds(steps: Int, batch: Int) -> (forward: Int, backward: Int) {
        var shape = ActivationShape(steps: steps, batch: batch, features: inputFeatures)
        var total = (forward: 0, backward: 0)
        for (index, layer) in layers.enumerated() {
            let m = layer.multiplyAdds(for: shape, inputGradient: index > 0)
            total.forward += m.forward
            total.backward += m.backward
            shape = layer.outputShape(for: shape)
        }
        return total
    }

    /// Scratch for the output gradient of a batch.
    func outputGradientBuffer(_ count: Int) -> UnsafeMutablePointer<Float> {
        outputGrad.reserve(count)
    }

    // MARK: - Inference

    /// Predictions for every sample of `data` (inference mode: no dropout), `outputSize` values
    /// per sample, in sample order.
    public func predict(_ data: SequenceDataset, batchSize: Int = 256) -> [Float] {
        let outputs = outputSize
        var result = [Float](repeating: 0, count: data.count * outputs)
        var start = 0
        while start < data.count {
            let end = min(start + batchSize, data.count)
            let batch = gather(data, indices: start..<end).batch
            let y = forward(training: false)
            for s in start..<end {
                for o in 0..<outputs { result[s * outputs + o] = y[o * batch + s - start] }
            }
            start = end
        }
        return result
    }
}
