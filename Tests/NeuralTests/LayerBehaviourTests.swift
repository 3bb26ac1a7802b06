import Foundation
import Testing

@testable import Neural

@Suite struct LayerBehaviourTests {
    @Test func dropoutZeroesAboutItsRateScalesSurvivorsAndMasksTheGradient() throws {
        let layer = DropoutLayer(name: "dropout_1", rate: 0.2, seed: 1)
        let shape = ActivationShape(steps: 10, batch: 64, features: 50)
        let x = (0..<shape.count).map { Float($0 % 7) + 1 }
        let dy = [Float](repeating: 1, count: shape.count)
        try x.withUnsafeBufferPointer { xp in
            let y = UnsafeBufferPointer(start: layer.forward(xp.baseAddress!, shape: shape, training: true), count: shape.count)
            let dropped = zip(y, x).filter { $0.0 == 0 }.count
            #expect(abs(Double(dropped) / Double(shape.count) - 0.2) < 0.01, "dropped \(dropped) of \(shape.count)")
            #expect(zip(y, x).allSatisfy { $0.0 == 0 || abs($0.0 - $0.1 / 0.8) < 1e-6 }, "survivors scaled by 1/(1 − rate)")
            let dx = try #require(dy.withUnsafeBufferPointer { layer.backward($0.baseAddress!, inputGradient: true) })
            for i in 0..<shape.count { #expect((dx[i] == 0) == (y[i] == 0) && (dx[i] == 0 || abs(dx[i] - 1.25) < 1e-6)) }

            let inference = layer.forward(xp.baseAddress!, shape: shape, training: false)
            #expect(inference == xp.baseAddress!, "inference passes the input through untouched")
        }
    }

    @Test func initialisersFollowKeras() {
        var g = SeededGenerator(seed: 3)
        let glorot = Initializer.glorotUniform([50, 200], using: &g)
        let limit = Float((6.0 / 250).squareRoot())
        #expect(glorot.scalars.allSatisfy { abs($0) <= limit })
        #expect(glorot.scalars.map(abs).max()! > 0.95 * limit, "uniform over the whole range")
        #expect(abs(glorot.scalars.reduce(0, +) / Float(glorot.scalars.count)) < 0.01)

        let q = Initializer.orthogonal([50, 200], using: &g).scalars
        // A wide orthogonal kernel has orthonormal rows: Q·Qᵀ = I.
        var worst = 0.0
        for i in 0..<50 {
            for j in 0..<50 {
                let dot = (0..<200).reduce(0.0) { $0 + Double(q[i * 200 + $1]) * Double(q[j * 200 + $1]) }
                worst = max(worst, abs(dot - (i == j ? 1 : 0)))
            }
        }
        #expect(worst < 1e-5)

        let bias = Initializer.lstmBias(units: 3).scalars
        #expect(bias == [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0], "ones on the forget gate, the second quarter")
    }
}
