/// The elementwise work of one LSTM time step, on the feature-major layout of `LSTMLayer`:
/// each gate unit's values for the batch's samples are one contiguous row of `batch` floats
/// (a multiple of 8), rows `stride` floats apart. The kernels in use do the work.
enum LSTMCell {
    /// `z[r] = σ(z[r] + bias[r])` (or tanh) for `rows` rows.
    static func activate(
        _ z: UnsafeMutablePointer<Float>, rows: Int, stride: Int, batch: Int,
        bias: UnsafePointer<Float>, tanh: Bool
    ) {
        Kernels.active.activate(z, rows: rows, stride: stride, batch: batch, bias: bias, tanh: tanh)
    }

    /// `c_t = f·c_{t−1} + i·g`, `tanh(c_t)`, `h_t = o·tanh(c_t)` for `units` rows; `z` holds the
    /// activated gates i, f, g, o in row blocks of `units`; `previous` is nil at t = 0.
    static func advance(
        z: UnsafePointer<Float>, previous: UnsafePointer<Float>?, c: UnsafeMutablePointer<Float>,
        tc: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>,
        units: Int, stride: Int, batch: Int
    ) {
        Kernels.active.advance(z: z, previous: previous, c: c, tc: tc, h: h, units: units, stride: stride, batch: batch)
    }

    /// Gate gradients of one step. `dh` holds ∂L/∂h_t arriving through the recurrence (added to
    /// `output`, the gradient from the layer's output, if any); `dc` holds ∂L/∂c_t from step t+1
    /// and leaves holding ∂L/∂c_{t−1}. `dh` and `dc` are `[units × batch]`.
    static func gradients(
        z: UnsafePointer<Float>, previous: UnsafePointer<Float>?, tc: UnsafePointer<Float>,
        output: UnsafePointer<Float>?, outputStride: Int,
        dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>, dz: UnsafeMutablePointer<Float>,
        units: Int, stride: Int, batch: Int
    ) {
        Kernels.active.gradients(
            z: z, previous: previous, tc: tc, output: output, outputStride: outputStride,
            dh: dh, dc: dc, dz: dz, units: units, stride: stride, batch: batch)
    }
}

extension Kernels {
    /// `LSTMCell.activate` with these kernels.
    func activate(
        _ z: UnsafeMutablePointer<Float>, rows: Int, stride: Int, batch: Int,
        bias: UnsafePointer<Float>, tanh: Bool
    ) {
        table.lstm_activate!(z, rows, stride, batch, bias, tanh ? 1 : 0)
    }

    /// `LSTMCell.advance` with these kernels.
    func advance(
        z: UnsafePointer<Float>, previous: UnsafePointer<Float>?, c: UnsafeMutablePointer<Float>,
        tc: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>,
        units: Int, stride: Int, batch: Int
    ) {
        table.lstm_advance!(z, previous, c, tc, h, units, stride, batch)
    }

    /// `LSTMCell.gradients` with these kernels.
    func gradients(
        z: UnsafePointer<Float>, previous: UnsafePointer<Float>?, tc: UnsafePointer<Float>,
        output: UnsafePointer<Float>?, outputStride: Int,
        dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>, dz: UnsafeMutablePointer<Float>,
        units: Int, stride: Int, batch: Int
    ) {
        table.lstm_gradients!(z, previous, tc, output, outputStride, dh, dc, dz, units, stride, batch)
    }
}
