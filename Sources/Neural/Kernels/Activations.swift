/// tanh and sigmoid of one value, as the LSTM kernels compute them.
///
/// `tanh` is Eigen's rational approximation (odd degree-13 numerator over even degree-6
/// denominator, input clamped to ±7.9053, where float tanh is ±1): maximum absolute error
/// about 3e-7, some 40× faster than libm's `tanhf` (`../shared/notes/matmul.md`). The sigmoid
/// is `0.5 + 0.5·tanh(x/2)`. The vector code (`Kernels.activate`) runs on one value, so a value
/// does not depend on how it was computed.
enum Activation {
    static func tanh(_ x: Float, kernels: Kernels = .active) -> Float {
        apply(x, tanh: true, kernels)
    }

    static func sigmoid(_ x: Float, kernels: Kernels = .active) -> Float {
        apply(x, tanh: false, kernels)
    }

    private static func apply(_ x: Float, tanh: Bool, _ kernels: Kernels) -> Float {
        var row = [Float](repeating: x, count: ActivationShape.lane)
        let zero: [Float] = [0]
        row.withUnsafeMutableBufferPointer { r in
            kernels.activate(r.baseAddress!, rows: 1, stride: r.count, batch: r.count, bias: zero, tanh: tanh)
        }
        return row[0]
    }
}
