/// A long short-term memory layer with Keras semantics.
///
/// Gates in Keras order i, f, c, o; sigmoid recurrent activation, tanh activation; zero
/// initial state:
///
///     z = x_t·W + h_{t−1}·U + b;  i, f, o = σ(z_i, z_f, z_o);  g = tanh(z_c)
///     c_t = f·c_{t−1} + i·g;      h_t = o·tanh(c_t)
///
/// Internally the kernel `W [inputSize, 4u]` and the recurrent kernel `U [u, 4u]` are one
/// fused, transposed matrix `[Wᵀ | Uᵀ]` of `4u × (inputSize + u)`, so that the gate
/// pre-activations of all four gates come from one product, laid out gate-unit by sample:
/// every elementwise step then runs over whole vectors of samples. The input projection of all
/// time steps is one large product before the recurrence; per step only `Uᵀ·h_{t−1}` remains.
/// Backpropagation through time keeps the gate gradients of every step and forms the weight
/// gradients after the loop as two long reductions over all samples and steps, so the serial
/// part of the backward pass is one `[u × 4u]·[4u × batch]` product per step.
final class LSTMLayer: Layer {
    let name: String
    let inputSize: Int
    let units: Int
    let returnSequences: Bool
    /// `[Wᵀ | Uᵀ]`: row r is gate unit r (i: 0..<u, f: u..<2u, c: 2u..<3u, o: 3u..<4u); columns
    /// 0..<inputSize multiply the input, the next u the previous hidden state.
    let weights: Parameter
    let bias: Parameter  // [4u]

    private var input: UnsafePointer<Float>?
    private var shape = ActivationShape(steps: 0, batch: 0, features: 0)
    private let gates = FloatBuffer()  // z, then activated i, f, g, o     [4u × T·B]
    private let cells = FloatBuffer()  // c_t                              [u × T·B]
    private let cellTanh = FloatBuffer()  // tanh(c_t)                        [u × T·B]
    private let hidden = FloatBuffer()  // h_t, the output sequence         [u × T·B]
    private let lastHidden = FloatBuffer()  // h_{T−1} when only it is returned [u × B]
    private let gateGrads = FloatBuffer()  // ∂L/∂z                            [4u × T·B]
    private let hiddenGrad = FloatBuffer()  // ∂L/∂h_t through the recurrence   [u × B]
    private let cellGrad = FloatBuffer()  // ∂L/∂c_t through f                [u × B]
    private let inputGrad = FloatBuffer()  // ∂L/∂x                            [inputSize × T·B]
    private let scratch = FloatBuffer()

    init(name: String, inputSize: Int, units: Int, returnSequences: Bool) {
        self.name = name
        self.inputSize = inputSize
        self.units = units
        self.returnSequences = returnSequences
        weights = Parameter(name: "weights", shape: [4 * units, inputSize + units])
        bias = Parameter(name: "bias", shape: [4 * units])
    }

    var parameters: [Parameter] { [weights, bias] }

    var tensorShapes: [(name: String, shape: [Int])] {
        [("kernel", [inputSize, 4 * units]), ("recurrent_kernel", [units, 4 * units]), ("bias", [4 * units])]
    }

    func tensors(gradients: Bool) -> [(name: String, tensor: Tensor)] {
        let fused = gradients ? weights.gradients : weights.values
        let width = inputSize + units, g4 = 4 * units
        func block(_ first: Int, _ count: Int) -> Tensor {
            var out = [Float](repeating: 0, count: count * g4)
            for r in 0..<g4 { for c in 0..<count { out[c * g4 + r] = fused[r * width + first + c] } }
            return Tensor(shape: [count, g4], scalars: out)
        }
        return [
            ("kernel", block(0, inputSize)), ("recurrent_kernel", block(inputSize, units)),
            ("bias", Tensor(shape: bias.shape, scalars: gradients ? bias.gradients : bias.values)),
        ]
    }

    func load(_ tensors: [String: Tensor]) {
        let width = inputSize + units, g4 = 4 * units
        let kernel = tensors["kernel"]!.scalars, recurrent = tensors["recurrent_kernel"]!.scalars
        for r in 0..<g4 {
            for c in 0..<inputSize { weights.value[r * width + c] = kernel[c * g4 + r] }
            for c in 0..<units { weights.value[r * width + inputSize + c] = recurrent[c * g4 + r] }
        }
        bias.values = tensors["bias"]!.scalars
    }

    func outputShape(for input: ActivationShape) -> ActivationShape {
        ActivationShape(steps: returnSequences ? input.steps : 1, batch: input.batch, features: units, samples: input.samples)
    }

    func forward(_ input: UnsafePointer<Float>, shape: ActivationShape, training: Bool) -> UnsafePointer<Float> {
        precondition(shape.features == inputSize, "\(name): input has \(shape.features) features, expected \(inputSize)")
        precondition(shape.steps > 0, "\(name): a sequence needs at least one step")
        self.input = input
        self.shape = shape
        let steps = shape.steps, batch = shape.batch, n = shape.columns
        let u = units, g4 = 4 * units, width = inputSize + units
        let z = gates.reserve(g4 * n)
        let c = cells.reserve(u * n)
        let tc = cellTanh.reserve(u * n)
        let h = hidden.reserve(u * n)
        let sc = scratch.reserve(gemmScratch)
        let w = weights.value

        // Z[4u × T·B] = Wᵀ · X for all steps, then Z_t += Uᵀ · h_{t−1} step by step.
        Kernels.active.gemm(
            m: g4, n: n, k: inputSize, a: w, rowStrideA: width, columnStrideA: 1,
            b: input, ldb: n, c: z, ldc: n, accumulate: false, scratch: sc)
        // At inference the padding columns need not be computed: a batch of one (a recursive
        // forecast) then takes the matrix-vector path.
        let columns = training ? batch : shape.samples
        for t in 0..<steps {
            let column = t * batch
            if t > 0 {
                Kernels.active.gemm(
                    m: g4, n: columns, k: u, a: w + inputSize, rowStrideA: width, columnStrideA: 1,
                    b: h + column - batch, ldb: n, c: z + column, ldc: n, accumulate: true, scratch: sc)
            }
            let zt = z + column
            LSTMCell.activate(zt, rows: 2 * u, stride: n, batch: batch, bias: bias.value, tanh: false)
            LSTMCell.activate(zt + 2 * u * n, rows: u, stride: n, batch: batch, bias: bias.value + 2 * u, tanh: true)
            LSTMCell.activate(zt + 3 * u * n, rows: u, stride: n, batch: batch, bias: bias.value + 3 * u, tanh: false)
            LSTMCell.advance(
                z: zt, previous: t > 0 ? UnsafePointer(c + column - batch) : nil,
                c: c + column, tc: tc + column, h: h + column, units: u, stride: n, batch: batch)
        }
        guard !returnSequences else { return UnsafePointer(h) }
        let last = lastHidden.reserve(u * batch)
        for j in 0..<u { (last + j * batch).update(from: h + j * n + (steps - 1) * batch, count: batch) }
        return UnsafePointer(last)
    }

    func backward(_ outputGradient: UnsafePointer<Float>, inputGradient: Bool) -> UnsafePointer<Float>? {
        guard let input else { preconditionFailure("\(name): backward before forward") }
        let steps = shape.steps, batch = shape.batch, n = shape.columns
        let u = units, g4 = 4 * units, width = inputSize + units
        let z = gates.pointer, c = cells.pointer, tc = cellTanh.pointer, h = hidden.pointer
        let dz = gateGrads.reserve(g4 * n)
        let dh = hiddenGrad.zeroed(u * batch)
        let dc = cellGrad.zeroed(u * batch)
        let sc = scratch.reserve(gemmScratch)
        let w = weights.value

        for t in stride(from: steps - 1, through: 0, by: -1) {
            let column = t * batch
            let fromOutput: UnsafePointer<Float>? =
                returnSequences ? outputGradient + column : (t == steps - 1 ? outputGradient : nil)
            LSTMCell.gradients(
                z: z + column, previous: t > 0 ? UnsafePointer(c + column - batch) : nil,
                tc: tc + column, output: fromOutput, outputStride: returnSequences ? n : batch,
                dh: dh, dc: dc, dz: dz + column, units: u, stride: n, batch: batch)
            if t > 0 {
                // ∂h_{t−1}[u × B] = U · ∂z_t, reading Uᵀ's block of the fused weights transposed.
                Kernels.active.gemm(
                    m: u, n: batch, k: g4, a: w + inputSize, rowStrideA: 1, columnStrideA: width,
                    b: dz + column, ldb: n, c: dh, ldc: batch, accumulate: false, scratch: sc)
            }
        }

        // ∂[Wᵀ | Uᵀ] += ∂Z · [X; H_{t−1}]ᵀ over all steps at once (h_{−1} = 0 adds nothing).
        Kernels.active.gemmNT(
            m: g4, n: inputSize, k: n, a: dz, lda: n, b: input, ldb: n,
            c: weights.gradient, ldc: width, accumulate: true)
        Kernels.active.gemmNT(
            m: g4, n: u, k: n - batch, a: dz + batch, lda: n, b: h, ldb: n,
            c: weights.gradient + inputSize, ldc: width, accumulate: true)
        Kernels.active.addRowSums(dz, rows: g4, columns: n, into: bias.gradient)
        guard inputGradient else { return nil }
        // ∂X[inputSize × T·B] = W · ∂Z
        let dx = inputGrad.reserve(inputSize * n)
        Kernels.active.gemm(
            m: inputSize, n: n, k: g4, a: w, rowStrideA: 1, columnStrideA: width,
            b: dz, ldb: n, c: dx, ldc: n, accumulate: false, scratch: sc)
        return UnsafePointer(dx)
    }

    func multiplyAdds(for input: ActivationShape, inputGradient: Bool) -> (forward: Int, backward: Int) {
        let g4 = 4 * units
        let inputProduct = input.columns * inputSize * g4
        let recurrentProduct = max(input.steps - 1, 0) * input.batch * units * g4
        let forward = inputProduct + recurrentProduct
        // ∂h through U and ∂U mirror the recurrent product; ∂W (and ∂X) mirror the input product.
        let backward = 2 * recurrentProduct + inputProduct + (inputGradient ? inputProduct : 0)
        return (forward, backward)
    }
}
