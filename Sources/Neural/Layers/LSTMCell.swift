/// The elementwise work of one LSTM time step, on the feature-major layout of `LSTMLayer`:
/// each gate unit's values for the batch's samples are one contiguous row of `batch` floats
/// (a multiple of 8), rows `stride` floats apart.
///
/// Each function is a small loop of its own, so the compiler keeps everything in vector
/// registers (inlined into one large body, AVX2's 16 registers spill).
enum LSTMCell {
    /// `z[r] = σ(z[r] + bias[r])` (or tanh) for `rows` rows.
    @inline(never)
    static func activate(
        _ z: UnsafeMutablePointer<Float>, rows: Int, stride: Int, batch: Int,
        bias: UnsafePointer<Float>, tanh: Bool
    ) {
        for r in 0..<rows {
            let row = z + r * stride
            let b = SIMD8<Float>(repeating: bias[r])
            var v = 0
            if tanh {
                while v < batch {
                    store8(Activation.tanh(load8(row + v) + b), row + v)
                    v += 8
                }
            } else {
                while v < batch {
                    store8(Activation.sigmoid(load8(row + v) + b), row + v)
                    v += 8
                }
            }
        }
    }

    /// `c_t = f·c_{t−1} + i·g`, `tanh(c_t)`, `h_t = o·tanh(c_t)` for `units` rows; `z` holds the
    /// activated gates i, f, g, o in row blocks of `units`; `previous` is nil at t = 0.
    @inline(never)
    static func advance(
        z: UnsafePointer<Float>, previous: UnsafePointer<Float>?, c: UnsafeMutablePointer<Float>,
        tc: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>,
        units u: Int, stride: Int, batch: Int
    ) {
        for j in 0..<u {
            let i = z + j * stride, f = z + (u + j) * stride, g = z + (2 * u + j) * stride, o = z + (3 * u + j) * stride
            let row = j * stride
            var v = 0
            while v < batch {
                var cell = load8(i + v) * load8(g + v)
                if let previous { cell = cell.addingProduct(load8(f + v), load8(previous + row + v)) }
                let th = Activation.tanh(cell)
                store8(cell, c + row + v)
                store8(th, tc + row + v)
                store8(load8(o + v) * th, h + row + v)
                v += 8
            }
        }
    }

    /// Gate gradients of one step. `dh` holds ∂L/∂h_t arriving through the recurrence (added to
    /// `output`, the gradient from the layer's output, if any); `dc` holds ∂L/∂c_t from step t+1
    /// and leaves holding ∂L/∂c_{t−1}. `dh` and `dc` are `[units × batch]`.
    @inline(never)
    static func gradients(
        z: UnsafePointer<Float>, previous: UnsafePointer<Float>?, tc: UnsafePointer<Float>,
        output: UnsafePointer<Float>?, outputStride: Int,
        dh: UnsafePointer<Float>, dc: UnsafeMutablePointer<Float>, dz: UnsafeMutablePointer<Float>,
        units u: Int, stride: Int, batch: Int
    ) {
        for j in 0..<u {
            let zi = z + j * stride, zf = z + (u + j) * stride, zg = z + (2 * u + j) * stride, zo = z + (3 * u + j) * stride
            let di = dz + j * stride, df = dz + (u + j) * stride, dg = dz + (2 * u + j) * stride, dout = dz + (3 * u + j) * stride
            let row = j * stride, state = j * batch
            var v = 0
            while v < batch {
                let i = load8(zi + v), f = load8(zf + v), g = load8(zg + v), o = load8(zo + v)
                let th = load8(tc + row + v)
                var dhv = load8(dh + state + v)
                if let output { dhv += load8(output + j * outputStride + v) }
                let dcv = dhv * o * (1 - th * th) + load8(dc + state + v)
                let cp = previous.map { load8($0 + row + v) } ?? SIMD8<Float>()
                store8(dcv * g * i * (1 - i), di + v)
                store8(dcv * cp * f * (1 - f), df + v)
                store8(dcv * i * (1 - g * g), dg + v)
                store8(dhv * th * o * (1 - o), dout + v)
                store8(dcv * f, dc + state + v)
                v += 8
            }
        }
    }
}
