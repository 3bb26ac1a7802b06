/// A fully connected layer with linear activation: `y = x · kernel + bias`, applied to every
/// time step alike (as Keras does). Kernel `[inputSize, units]` in Keras layout.
final class DenseLayer: Layer {
    let name: String
    let inputSize: Int
    let units: Int
    let kernel: Parameter  // [inputSize, units]
    let bias: Parameter  // [units]

    private var input: UnsafePointer<Float>?
    private var shape = ActivationShape(steps: 0, batch: 0, features: 0)
    private let output = FloatBuffer()
    private let inputGrad = FloatBuffer()
    private let scratch = FloatBuffer()

    init(name: String, inputSize: Int, units: Int) {
        self.name = name
        self.inputSize = inputSize
        self.units = units
        kernel = Parameter(name: "kernel", shape: [inputSize, units])
        bias = Parameter(name: "bias", shape: [units])
    }

    var parameters: [Parameter] { [kernel, bias] }

    var tensorShapes: [(name: String, shape: [Int])] { [("kernel", kernel.shape), ("bias", bias.shape)] }

    func tensors(gradients: Bool) -> [(name: String, tensor: Tensor)] {
        [
            ("kernel", Tensor(shape: kernel.shape, scalars: gradients ? kernel.gradients : kernel.values)),
            ("bias", Tensor(shape: bias.shape, scalars: gradients ? bias.gradients : bias.values)),
        ]
    }

    func load(_ tensors: [String: Tensor]) {
        kernel.values = tensors["kernel"]!.scalars
        bias.values = tensors["bias"]!.scalars
    }

    func outputShape(for input: ActivationShape) -> ActivationShape {
        ActivationShape(steps: input.steps, batch: input.batch, features: units, samples: input.samples)
    }

    func forward(_ input: UnsafePointer<Float>, shape: ActivationShape, training: Bool) -> UnsafePointer<Float> {
        precondition(shape.features == inputSize, "\(name): input has \(shape.features) features, expected \(inputSize)")
        self.input = input
        self.shape = shape
        let n = shape.columns
        let y = output.reserve(units * n)
        for u in 0..<units { (y + u * n).update(repeating: bias.value[u], count: n) }
        // Y[units × n] += kernelᵀ · X[inputSize × n]
        Kernels.active.gemm(
            m: units, n: n, k: inputSize, a: kernel.value, rowStrideA: 1, columnStrideA: units,
            b: input, ldb: n, c: y, ldc: n, accumulate: true, scratch: scratch.reserve(gemmScratch))
        return UnsafePointer(y)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, inputGradient: Bool) -> UnsafePointer<Float>? {
        guard let input else { preconditionFailure("\(name): backward before forward") }
        let n = shape.columns
        let sc = scratch.reserve(gemmScratch)
        // ∂kernel[inputSize × units] += X · ∂Yᵀ
        Kernels.active.gemmNT(
            m: inputSize, n: units, k: n, a: input, lda: n, b: outputGradient, ldb: n,
            c: kernel.gradient, ldc: units, accumulate: true)
        Kernels.active.addRowSums(outputGradient, rows: units, columns: n, into: bias.gradient)
        guard inputGradient else { return nil }
        // ∂X[inputSize × n] = kernel · ∂Y
        let dx = inputGrad.reserve(inputSize * n)
        Kernels.active.gemm(
            m: inputSize, n: n, k: units, a: kernel.value, rowStrideA: units, columnStrideA: 1,
            b: outputGradient, ldb: n, c: dx, ldc: n, accumulate: false, scratch: sc)
        return UnsafePointer(dx)
    }

    func multiplyAdds(for input: ActivationShape, inputGradient: Bool) -> (forward: Int, backward: Int) {
        let product = input.columns * inputSize * units
        return (product, inputGradient ? 2 * product : product)
    }
}
