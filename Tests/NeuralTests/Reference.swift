import Foundation

@testable import Neural

/// A plain float64 implementation of the layers, written from the formulas, against which the
/// engine's forward pass and its gradients are checked (by finite differences in float64).
enum Reference {
    /// `x[b][t][f]` → `h[b][t][j]` (every step) for an LSTM with Keras-layout weights.
    static func lstm(_ x: [[[Double]]], kernel: [Double], recurrent: [Double], bias: [Double], units u: Int) -> [[[Double]]] {
        let features = x[0][0].count
        func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
        return x.map { sample in
            var h = [Double](repeating: 0, count: u), c = h
            var out: [[Double]] = []
            for step in sample {
                var z = bias
                for r in 0..<(4 * u) {
                    for f in 0..<features { z[r] += step[f] * kernel[f * 4 * u + r] }
                    for j in 0..<u { z[r] += h[j] * recurrent[j * 4 * u + r] }
                }
                for j in 0..<u {
                    let i = sigmoid(z[j]), fg = sigmoid(z[u + j]), g = tanh(z[2 * u + j]), o = sigmoid(z[3 * u + j])
                    c[j] = fg * c[j] + i * g
                    h[j] = o * tanh(c[j])
                }
                out.append(h)
            }
            return out
        }
    }

    /// `x[rows][f]` → `x · kernel + bias`.
    static func dense(_ x: [[Double]], kernel: [Double], bias: [Double]) -> [[Double]] {
        let units = bias.count
        return x.map { row in
            (0..<units).map { n in bias[n] + row.enumerated().reduce(0) { $0 + $1.element * kernel[$1.offset * units + n] } }
        }
    }

    /// Central finite differences of `loss` with respect to every element of `values`.
    static func gradient(of loss: ([Double]) -> Double, at values: [Double], step: Double = 1e-6) -> [Double] {
        var v = values
        return values.indices.map { k in
            let original = v[k]
            v[k] = original + step
            let up = loss(v)
            v[k] = original - step
            let down = loss(v)
            v[k] = original
            return (up - down) / (2 * step)
        }
    }
}

/// Deterministic pseudo-random test values in [-scale, scale).
func randomValues(_ count: Int, seed: UInt64, scale: Double = 1) -> [Double] {
    var g = SeededGenerator(seed: seed)
    return (0..<count).map { _ in g.nextUniform(-scale, scale) }
}

/// `x[b][t][f]` in the engine's feature-major, batch-padded layout.
func featureMajor(_ x: [[[Double]]]) -> (values: [Float], shape: ActivationShape) {
    let batch = ActivationShape.paddedBatch(x.count), steps = x[0].count, features = x[0][0].count
    var out = [Float](repeating: 0, count: features * steps * batch)
    for b in x.indices { for t in 0..<steps { for f in 0..<features { out[(f * steps + t) * batch + b] = Float(x[b][t][f]) } } }
    return (out, ActivationShape(steps: steps, batch: batch, features: features))
}

/// The engine's feature-major values back as `[b][t][f]` for `samples` samples.
func sampleMajor(_ values: UnsafePointer<Float>, shape: ActivationShape, samples: Int) -> [[[Double]]] {
    (0..<samples).map { b in
        (0..<shape.steps).map { t in (0..<shape.features).map { f in Double(values[(f * shape.steps + t) * shape.batch + b]) } }
    }
}

/// Worst |engine − reference| relative to the largest reference magnitude.
func relativeError(_ engine: [Double], _ reference: [Double]) -> Double {
    precondition(engine.count == reference.count)
    let scale = max(reference.map(abs).max() ?? 0, 1e-12)
    return zip(engine, reference).map { abs($0 - $1) }.max()! / scale
}
