/// Inverted dropout: while training, each element is zeroed with probability `rate` and the
/// survivors are scaled by 1/(1 − rate); at inference it passes its input through unchanged.
final class DropoutLayer: Layer {
    let name: String
    let rate: Float
    private var generator: SeededGenerator
    private let mask = FloatBuffer()
    private let output = FloatBuffer()
    private let inputGrad = FloatBuffer()
    private var count = 0
    private var masked = false

    init(name: String, rate: Float, seed: UInt64) {
        precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1)")
        self.name = name
        self.rate = rate
        generator = SeededGenerator(seed: seed)
    }

    var parameters: [Parameter] { [] }
    var tensorShapes: [(name: String, shape: [Int])] { [] }
    func tensors(gradients: Bool) -> [(name: String, tensor: Tensor)] { [] }
    func load(_ tensors: [String: Tensor]) {}

    func outputShape(for input: ActivationShape) -> ActivationShape { input }

    func forward(_ input: UnsafePointer<Float>, shape: ActivationShape, training: Bool) -> UnsafePointer<Float> {
        count = shape.count
        masked = training && rate > 0
        guard masked else { return input }
        let m = mask.reserve(count)
        let y = output.reserve(count)
        let scale = 1 / (1 - rate)
        // Keep an element when a uniform 32-bit draw, as a fraction of 2³², is at least `rate`;
        // each 64-bit draw decides two elements.
        let threshold = UInt32(min(Double(rate) * 4_294_967_296, 4_294_967_295))
        var i = 0
        while i < count {
            let bits = generator.next()
            m[i] = UInt32(truncatingIfNeeded: bits) >= threshold ? scale : 0
            if i + 1 < count { m[i + 1] = UInt32(truncatingIfNeeded: bits >> 32) >= threshold ? scale : 0 }
            i += 2
        }
        for i in 0..<count { y[i] = input[i] * m[i] }
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, inputGradient: Bool) -> UnsafePointer<Float>? {
        guard inputGradient else { return nil }
        guard masked else { return outputGradient }
        let m = mask.pointer
        let dx = inputGrad.reserve(count)
        for i in 0..<count { dx[i] = outputGradient[i] * m[i] }
        return UnsafePointer(dx)
    }

    func multiplyAdds(for input: ActivationShape, inputGradient: Bool) -> (forward: Int, backward: Int) {
        (0, 0)
    }
}
