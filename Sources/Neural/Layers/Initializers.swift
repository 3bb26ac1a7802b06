/// Keras's default initialisers, drawn from a seeded generator, in Keras layout.
enum Initializer {
    /// Glorot (Xavier) uniform: U(−l, l) with l = √(6 / (fan_in + fan_out)) for a 2-D kernel
    /// `[fan_in, fan_out]`.
    static func glorotUniform(_ shape: [Int], using generator: inout SeededGenerator) -> Tensor {
        precondition(shape.count == 2)
        let limit = (6.0 / Double(shape[0] + shape[1])).squareRoot()
        let values = (0..<(shape[0] * shape[1])).map { _ in Float(generator.nextUniform(-limit, limit)) }
        return Tensor(shape: shape, scalars: values)
    }

    /// Keras's `Orthogonal`: a normal matrix of shape `[max(r, c), min(r, c)]` is factored
    /// QR, Q's columns are signed so that R's diagonal is positive, and Q (transposed when the
    /// kernel is wider than tall) becomes the kernel; its rows or columns are orthonormal.
    static func orthogonal(_ shape: [Int], using generator: inout SeededGenerator) -> Tensor {
        precondition(shape.count == 2)
        let rows = shape[0], cols = shape[1]
        let tall = max(rows, cols), narrow = min(rows, cols)
        // Column-major Q: column j is q[j*tall ..< (j+1)*tall].
        var q = [Double](repeating: 0, count: tall * narrow)
        for i in 0..<tall {
            for j in 0..<narrow { q[j * tall + i] = generator.nextNormal() }
        }
        // Modified Gram–Schmidt, twice for numerical orthogonality; R's diagonal is each
        // column's norm (> 0), which is Keras's `q *= sign(diag(r))`.
        for j in 0..<narrow {
            for _ in 0..<2 {
                for k in 0..<j {
                    var dot = 0.0
                    for i in 0..<tall { dot += q[k * tall + i] * q[j * tall + i] }
                    for i in 0..<tall { q[j * tall + i] -= dot * q[k * tall + i] }
                }
            }
            var norm = 0.0
            for i in 0..<tall { norm += q[j * tall + i] * q[j * tall + i] }
            norm = norm.squareRoot()
            for i in 0..<tall { q[j * tall + i] /= norm }
        }
        var values = [Float](repeating: 0, count: rows * cols)
        for r in 0..<rows {
            for c in 0..<cols {
                // rows ≥ cols: kernel = Q [rows × cols]; otherwise kernel = Qᵀ.
                values[r * cols + c] = Float(rows >= cols ? q[c * tall + r] : q[r * tall + c])
            }
        }
        return Tensor(shape: shape, scalars: values)
    }

    /// Zeros, except ones for the forget gate's quarter of an LSTM bias (`unit_forget_bias`).
    static func lstmBias(units: Int) -> Tensor {
        var values = [Float](repeating: 0, count: 4 * units)
        for j in units..<(2 * units) { values[j] = 1 }
        return Tensor(shape: [4 * units], scalars: values)
    }

    static func zeros(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: [Float](repeating: 0, count: shape.reduce(1, *)))
    }
}
