/// A sequential network of LSTM, dropout and dense layers, with Keras's semantics, parameter
/// names (`lstm_1.kernel`, `dense_2.bias`, …) and default initialisers.
///
/// A network is a mutable object with its own buffers; use it from one task at a time.
package final class Network {
    /// Features per time step of the input.
    package let inputFeatures: Int
    /// The layers, as Keras would declare them.
    package let architecture: [LayerSpec]
    let layers: [any Layer]
    private let inputBuffer = FloatBuffer()
    private let outputGrad = FloatBuffer()
    private var lastInputShape = ActivationShape(steps: 0, batch: 0, features: 0)

    /// The trainable buffers, in layer order (internal layouts).
    let parameters: [Parameter]

    /// A network with freshly initialised weights (Glorot-uniform kernels, orthogonal recurrent
    /// kernels, zero biases with forget-gate bias 1). The same seed gives the same weights and
    /// the same dropout masks. The architecture must be valid (`Architecture.problem` is nil).
    package convenience init(inputFeatures: Int, architecture: [LayerSpec], seed: UInt64) {
        if let problem = Architecture.problem(architecture, inputFeatures: inputFeatures) {
            preconditionFailure("invalid architecture: \(problem)")
        }
        var generator = SeededGenerator(seed: seed)
        self.init(validInputFeatures: inputFeatures, architecture: architecture, generator: &generator)
        var features = inputFeatures
        for layer in layers {
            if let lstm = layer as? LSTMLayer {
                lstm.load([
                    "kernel": Initializer.glorotUniform([features, 4 * lstm.units], using: &generator),
                    "recurrent_kernel": Initializer.orthogonal([lstm.units, 4 * lstm.units], using: &generator),
                    "bias": Initializer.lstmBias(units: lstm.units),
                ])
                features = lstm.units
            } else if let dense = layer as? DenseLayer {
                dense.load([
                    "kernel": Initializer.glorotUniform([features, dense.units], using: &generator),
                    "bias": Initializer.zeros([dense.units]),
                ])
                features = dense.units
            }
        }
    }

    /// A network holding `tensors` (Keras names and layouts). The architecture and every
    /// tensor's presence and shape are checked before anything is allocated; `source` names
    /// the file in errors. `seed` fixes the dropout masks of any further training.
    package convenience init(
        inputFeatures: Int, architecture: [LayerSpec], tensors: [String: Tensor],
        source: String, seed: UInt64 = 0
    ) throws(ModelFileError) {
        if let problem = Architecture.problem(architecture, inputFeatures: inputFeatures) {
            throw ModelFileError(file: source, problem: "describes an unusable network: \(problem)")
        }
        try Network.checkTensors(tensors, architecture: architecture, inputFeatures: inputFeatures, source: source)
        var generator = SeededGenerator(seed: seed)
        self.init(validInputFeatures: inputFeatures, architecture: architecture, generator: &generator)
        loadChecked(tensors)
    }

    /// Builds the layers with zero weights.
    private init(validInputFeatures inputFeatures: Int, architecture: [LayerSpec], generator: inout SeededGenerator) {
        self.inputFeatures = inputFeatures
        self.architecture = architecture
        var layers: [any Layer] = []
        var features = inputFeatures
        for (spec, name) in zip(architecture, Architecture.layerNames(architecture)) {
            switch spec {
            case let .lstm(units, returnSequences):
                layers.append(LSTMLayer(name: name, inputSize: features, units: units, returnSequences: returnSequences))
                features = units
            case let .dropout(rate):
                layers.append(DropoutLayer(name: name, rate: Float(rate), seed: generator.next()))
            case let .dense(units):
                layers.append(DenseLayer(name: name, inputSize: features, units: units))
                features = units
            }
        }
        self.layers = layers
        parameters = layers.flatMap(\.parameters)
    }

    /// Values per sample of the network's output.
    package var outputSize: Int {
        Architecture.output(architecture, inputFeatures: inputFeatures).features
    }

    /// Every tensor under its Keras name (`lstm_1.kernel` …) in Keras layout (gate order i, f,
    /// c, o): the weights, or with `gradients` the loss gradients of the last backward pass.
    func namedTensors(gradients: Bool) -> [(name: String, tensor: Tensor)] {
        layers.flatMap { layer in layer.tensors(gradients: gradients).map { ("\(layer.name).\($0.name)", $0.tensor) } }
    }

    /// The weights, keyed `lstm_1.kernel` … in Keras layouts (gate order i, f, c, o).
    package var tensors: [String: Tensor] {
        Dictionary(uniqueKeysWithValues: namedTensors(gradients: false).map { ($0.name, $0.tensor) })
    }

    /// Replaces all weights. Every tensor of this architecture must be present with its exact
    /// shape, and nothing else; on error no weight is changed.
    package func load(_ tensors: [String: Tensor], source: String) throws(ModelFileError) {
        try Network.checkTensors(tensors, architecture: architecture, inputFeatures: inputFeatures, source: source)
        loadChecked(tensors)
    }

    private static func checkTensors(
        _ tensors: [String: Tensor], architecture: [LayerSpec], inputFeatures: Int,
        source: String
    ) throws(ModelFileError) {
        let expected = Architecture.tensorShapes(architecture, inputFeatures: inputFeatures)
        for (name, shape) in expected {
            guard let t = tensors[name] else {
                throw ModelFileError(file: source, problem: "tensor \(name) is missing")
            }
            guard t.shape == shape else {
                throw ModelFileError(file: source, problem: "tensor \(name) has shape \(t.shape); this network needs \(shape)")
            }
        }
        let known = Set(expected.map(\.name))
        if let extra = tensors.keys.sorted().first(where: { !known.contains($0) }) {
            throw ModelFileError(file: source, problem: "tensor \(extra) does not belong to this network (\(known.count) tensors expected)")
        }
    }

    private func loadChecked(_ tensors: [String: Tensor]) {
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
        let shape = ActivationShape(steps: steps, batch: batch, features: features, samples: indices.count)
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
    package func predict(_ data: SequenceDataset, batchSize: Int = 256) -> [Float] {
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
