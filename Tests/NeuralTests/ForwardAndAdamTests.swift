import Foundation
import Testing

@testable import Neural

@Suite struct ForwardAndAdamTests {
    /// A one-unit LSTM over two steps with fixed weights, against the gate equations written out.
    @Test func tinyLSTMForwardMatchesHandComputation() {
        // Gate order i, f, c, o.
        let w: [Float] = [0.5, -0.3, 0.8, 0.2], u: [Float] = [0.1, 0.4, -0.6, 0.7], b: [Float] = [0.0, 1.0, 0.1, -0.2]
        let layer = LSTMLayer(name: "lstm_1", inputSize: 1, units: 1, returnSequences: true)
        layer.load([
            "kernel": Tensor(shape: [1, 4], scalars: w), "recurrent_kernel": Tensor(shape: [1, 4], scalars: u),
            "bias": Tensor(shape: [4], scalars: b),
        ])
        let xs: [Double] = [0.7, -1.2]
        func σ(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
        // Step 1 (h0 = c0 = 0).
        let i1 = σ(0.5 * 0.7 + 0.0), f1 = σ(-0.3 * 0.7 + 1.0), g1 = tanh(0.8 * 0.7 + 0.1), o1 = σ(0.2 * 0.7 - 0.2)
        let c1 = f1 * 0 + i1 * g1, h1 = o1 * tanh(c1)
        // Step 2.
        let i2 = σ(0.5 * -1.2 + 0.1 * h1), f2 = σ(-0.3 * -1.2 + 0.4 * h1 + 1.0)
        let g2 = tanh(0.8 * -1.2 - 0.6 * h1 + 0.1), o2 = σ(0.2 * -1.2 + 0.7 * h1 - 0.2)
        let c2 = f2 * c1 + i2 * g2, h2 = o2 * tanh(c2)

        let (input, shape) = featureMajor([xs.map { [$0] }])
        input.withUnsafeBufferPointer { xp in
            let y = layer.forward(xp.baseAddress!, shape: shape, training: false)
            let out = sampleMajor(y, shape: layer.outputShape(for: shape), samples: 1)[0]
            #expect(abs(out[0][0] - h1) < 1e-6, "h1 = \(out[0][0]), by hand \(h1)")
            #expect(abs(out[1][0] - h2) < 1e-6, "h2 = \(out[1][0]), by hand \(h2)")
        }
    }

    @Test func activationsAreAccurateOverTheirRange() {
        var worstTanh = 0.0, worstSigmoid = 0.0
        for k in -4000...4000 {
            let x = Float(k) / 200  // −20 … 20
            worstTanh = max(worstTanh, abs(Double(Activation.tanh(x)) - tanh(Double(x))))
            worstSigmoid = max(worstSigmoid, abs(Double(Activation.sigmoid(x)) - 1 / (1 + exp(-Double(x)))))
        }
        #expect(worstTanh < 1e-6)
        #expect(worstSigmoid < 1e-6)
    }

    /// Adam steps against Keras's update formula evaluated in float64: with large gradients, and
    /// with gradients near ε, where the place ε enters the update decides the step size.
    @Test(arguments: [
        [[0.3, -0.02, 4.0], [-0.1, 0.05, 3.0], [0.2, 0.0, -1.0]],
        [[2e-7, -1e-7, 5e-8], [1e-7, -2e-7, 0], [3e-7, 1e-8, -5e-8]],
    ])
    func adamStepsFollowTheUpdateFormula(_ gradients: [[Double]]) {
        let p = Parameter(name: "w", shape: [3])
        p.values = [0.5, -1.0, 2.0]
        let adam = Adam(parameters: [p], configuration: AdamConfiguration(learningRate: 0.01))
        var w: [Double] = [0.5, -1.0, 2.0], m = [0.0, 0.0, 0.0], v = [0.0, 0.0, 0.0]
        for (step, g) in gradients.enumerated() {
            g.map(Float.init).withUnsafeBufferPointer { p.gradient.update(from: $0.baseAddress!, count: 3) }
            adam.step()
            let t = Double(step + 1)
            let alpha = 0.01 * (1 - pow(0.999, t)).squareRoot() / (1 - pow(0.9, t))
            for k in 0..<3 {
                m[k] += (g[k] - m[k]) * 0.1
                v[k] += (g[k] * g[k] - v[k]) * 0.001
                w[k] -= alpha * m[k] / (v[k].squareRoot() + 1e-7)
            }
            for k in 0..<3 {
                #expect(abs(Double(p.values[k]) - w[k]) < 1e-6 * max(1, abs(w[k])), "step \(step + 1), weight \(k)")
            }
        }
    }
}
