import Foundation
import Testing

@testable import Neural

/// Backpropagation checked against float64 finite differences of a float64 reference.
///
/// Each check also corrupts the engine's gradient in a plausible way (the input and forget
/// gates swapped, a sign flipped) and asserts that the tolerance rejects that, so a pass means
/// the gradient is right, not that the bound is loose.
@Suite struct GradientCheckTests {
    /// Agreement required between float32 analytic and float64 numeric gradients.
    static let tolerance = 1e-5

    /// The loss L = Σ r·y with fixed coefficients r, so every output element matters.
    struct Probe {
        let coefficients: [Double]
        func loss(_ y: [Double]) -> Double { zip(coefficients, y).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    func checkLSTM(returnSequences: Bool) throws {
        let (batch, steps, features, units) = (3, 5, 2, 4)
        let x = (0..<batch).map { b in (0..<steps).map { t in randomValues(features, seed: UInt64(100 + b * 10 + t)) } }
        let kernel = randomValues(features * 4 * units, seed: 1, scale: 0.6)
        let recurrent = randomValues(units * 4 * units, seed: 2, scale: 0.6)
        let bias = randomValues(4 * units, seed: 3, scale: 0.3)

        func referenceOutput(_ k: [Double], _ r: [Double], _ b: [Double], _ input: [[[Double]]]) -> [Double] {
            let h = Reference.lstm(input, kernel: k, recurrent: r, bias: b, units: units)
            return (returnSequences ? h : h.map { [$0.last!] }).flatMap { $0.flatMap { $0 } }
        }
        let outputCount = batch * (returnSequences ? steps : 1) * units
        let probe = Probe(coefficients: randomValues(outputCount, seed: 4))

        let layer = LSTMLayer(name: "lstm_1", inputSize: features, units: units, returnSequences: returnSequences)
        layer.load([
            "kernel": Tensor(shape: [features, 4 * units], scalars: kernel.map(Float.init)),
            "recurrent_kernel": Tensor(shape: [units, 4 * units], scalars: recurrent.map(Float.init)),
            "bias": Tensor(shape: [4 * units], scalars: bias.map(Float.init)),
        ])
        let (input, shape) = featureMajor(x)
        let outShape = layer.outputShape(for: shape)
        try input.withUnsafeBufferPointer { xp in
            let y = layer.forward(xp.baseAddress!, shape: shape, training: true)
            let engineOut = sampleMajor(y, shape: outShape, samples: batch).flatMap { $0.flatMap { $0 } }
            let expectedOut = referenceOutput(kernel, recurrent, bias, x)
            #expect(relativeError(engineOut, expectedOut) < 1e-5, "forward")

            // ∂L/∂y = r, in the engine's layout (zero for padded samples).
            var dy = [Float](repeating: 0, count: outShape.count)
            var k = 0
            for b in 0..<batch {
                for t in 0..<outShape.steps {
                    for j in 0..<units {
                        dy[(j * outShape.steps + t) * outShape.batch + b] = Float(probe.coefficients[k])
                        k += 1
                    }
                }
            }
            for p in layer.parameters { p.zeroGradient() }
            let dx = try #require(dy.withUnsafeBufferPointer { layer.backward($0.baseAddress!, inputGradient: true) })
            let engineDX = sampleMajor(dx, shape: shape, samples: batch).flatMap { $0.flatMap { $0 } }
            let grads = Dictionary(uniqueKeysWithValues: layer.tensors(gradients: true).map { ($0.name, $0.tensor.scalars.map(Double.init)) })

            let numeric: [(String, [Double])] = [
                ("kernel", Reference.gradient(of: { probe.loss(referenceOutput($0, recurrent, bias, x)) }, at: kernel)),
                ("recurrent_kernel", Reference.gradient(of: { probe.loss(referenceOutput(kernel, $0, bias, x)) }, at: recurrent)),
                ("bias", Reference.gradient(of: { probe.loss(referenceOutput(kernel, recurrent, $0, x)) }, at: bias)),
            ]
            for (name, expected) in numeric {
                let engine = grads[name]!
                #expect(relativeError(engine, expected) < Self.tolerance, "\(name)")
                // Swapping the input- and forget-gate columns must be caught.
                let swapped = engine.indices.map { idx -> Double in
                    let column = name == "bias" ? idx : idx % (4 * units)
                    let shift = column < units ? units : (column < 2 * units ? -units : 0)
                    return engine[idx + shift]
                }
                #expect(relativeError(swapped, expected) > 10 * Self.tolerance, "\(name): a wrong gradient passed")
            }
            let flat = x.flatMap { $0.flatMap { $0 } }
            let numericDX = Reference.gradient(
                of: { v in
                    let shaped = (0..<batch).map { b in (0..<steps).map { t in Array(v[((b * steps + t) * features)..<((b * steps + t + 1) * features)]) } }
                    return probe.loss(referenceOutput(kernel, recurrent, bias, shaped))
                }, at: flat)
            #expect(relativeError(engineDX, numericDX) < Self.tolerance, "input gradient")
            #expect(relativeError(engineDX.map { -$0 }, numericDX) > 10 * Self.tolerance)
        }
    }

    @Test func lstmReturningSequencesHasExactGradients() throws {
        try checkLSTM(returnSequences: true)
    }

    @Test func lstmReturningLastStateHasExactGradients() throws {
        try checkLSTM(returnSequences: false)
    }

    @Test func denseHasExactGradients() throws {
        let (batch, features, units) = (5, 6, 3)
        let x = (0..<batch).map { b in [randomValues(features, seed: UInt64(200 + b))] }
        let kernel = randomValues(features * units, seed: 5), bias = randomValues(units, seed: 6)
        let probe = Probe(coefficients: randomValues(batch * units, seed: 7))
        func referenceLoss(_ k: [Double], _ b: [Double], _ input: [[Double]]) -> Double {
            probe.loss(Reference.dense(input, kernel: k, bias: b).flatMap { $0 })
        }
        let layer = DenseLayer(name: "dense_1", inputSize: features, units: units)
        layer.load([
            "kernel": Tensor(shape: [features, units], scalars: kernel.map(Float.init)),
            "bias": Tensor(shape: [units], scalars: bias.map(Float.init)),
        ])
        let (input, shape) = featureMajor(x)
        try input.withUnsafeBufferPointer { xp in
            let y = layer.forward(xp.baseAddress!, shape: shape, training: true)
            let out = sampleMajor(y, shape: layer.outputShape(for: shape), samples: batch).flatMap { $0.flatMap { $0 } }
            #expect(relativeError(out, Reference.dense(x.map { $0[0] }, kernel: kernel, bias: bias).flatMap { $0 }) < 1e-6)
            var dy = [Float](repeating: 0, count: units * shape.batch)
            for b in 0..<batch { for n in 0..<units { dy[n * shape.batch + b] = Float(probe.coefficients[b * units + n]) } }
            for p in layer.parameters { p.zeroGradient() }
            let dx = try #require(dy.withUnsafeBufferPointer { layer.backward($0.baseAddress!, inputGradient: true) })
            let grads = Dictionary(uniqueKeysWithValues: layer.tensors(gradients: true).map { ($0.name, $0.tensor.scalars.map(Double.init)) })
            let rows = x.map { $0[0] }
            let numericKernel = Reference.gradient(of: { referenceLoss($0, bias, rows) }, at: kernel)
            let numericBias = Reference.gradient(of: { referenceLoss(kernel, $0, rows) }, at: bias)
            let numericX = Reference.gradient(
                of: { v in referenceLoss(kernel, bias, (0..<batch).map { Array(v[($0 * features)..<(($0 + 1) * features)]) }) },
                at: rows.flatMap { $0 })
            #expect(relativeError(grads["kernel"]!, numericKernel) < Self.tolerance)
            #expect(relativeError(grads["bias"]!, numericBias) < Self.tolerance)
            #expect(relativeError(sampleMajor(dx, shape: shape, samples: batch).flatMap { $0.flatMap { $0 } }, numericX) < Self.tolerance)
            #expect(relativeError(grads["kernel"]!.map { -$0 }, numericKernel) > 10 * Self.tolerance)
        }
    }

    /// The seed architecture at small sizes, with the MSE loss and dropout layers in place
    /// (inactive, as for Keras's gradient vectors).
    @Test func seedNetworkHasExactGradients() throws {
        let architecture: [LayerSpec] = [
            .lstm(units: 5, returnSequences: true), .dropout(rate: 0.2),
            .lstm(units: 4, returnSequences: false), .dropout(rate: 0.2),
            .dense(units: 3), .dense(units: 1),
        ]
        let (samples, steps, features) = (4, 6, 2)
        let net = Network(inputFeatures: features, architecture: architecture, seed: 9)
        let inputs = randomValues(samples * steps * features, seed: 10)
        let targets = randomValues(samples, seed: 11)
        let data = SequenceDataset(steps: steps, features: features, inputs: inputs.map(Float.init), targets: targets.map(Float.init))
        let loss = net.computeGradients(data, samples: 0..<samples, training: false)
        let engine = net.namedTensors(gradients: true)
        let weights = net.namedTensors(gradients: false)
        let shaped = (0..<samples).map { b in (0..<steps).map { t in (0..<features).map { inputs[(b * steps + t) * features + $0] } } }

        func referenceLoss(_ w: [String: [Double]]) -> Double {
            let h1 = Reference.lstm(shaped, kernel: w["lstm_1.kernel"]!, recurrent: w["lstm_1.recurrent_kernel"]!, bias: w["lstm_1.bias"]!, units: 5)
            let h2 = Reference.lstm(h1, kernel: w["lstm_2.kernel"]!, recurrent: w["lstm_2.recurrent_kernel"]!, bias: w["lstm_2.bias"]!, units: 4)
            let d1 = Reference.dense(h2.map { $0.last! }, kernel: w["dense_1.kernel"]!, bias: w["dense_1.bias"]!)
            let y = Reference.dense(d1, kernel: w["dense_2.kernel"]!, bias: w["dense_2.bias"]!)
            return zip(y, targets).reduce(0) { $0 + pow($1.0[0] - $1.1, 2) } / Double(samples)
        }
        var current = Dictionary(uniqueKeysWithValues: weights.map { ($0.name, $0.tensor.scalars.map(Double.init)) })
        #expect(abs(referenceLoss(current) - loss) / loss < 1e-5, "loss")
        for (name, tensor) in engine {
            let base = current[name]!
            let numeric = Reference.gradient(
                of: { v in
                    current[name] = v
                    defer { current[name] = base }
                    return referenceLoss(current)
                }, at: base)
            let analytic = tensor.scalars.map(Double.init)
            #expect(relativeError(analytic, numeric) < Self.tolerance, "\(name)")
            #expect(relativeError(analytic.map { -$0 }, numeric) > 10 * Self.tolerance, "\(name): a wrong gradient passed")
        }
    }
}
