import Testing

@testable import Neural

/// Every kernel variant this CPU runs, forced, against the baseline variant on the same inputs:
/// the variants with fused multiply-adds (AVX2, AVX-512) agree with the baseline within float
/// rounding where they fuse, exactly where neither does, and bit for bit with each other.
@Suite struct KernelVariantTests {
    static let variants = KernelVariant.allCases.compactMap { Kernels($0) }
    static let baseline = Kernels(.baseline)!

    @Test func theBestVariantThisCPURunsIsActiveUnlessOneIsForced() {
        print("kernel variants this CPU runs: \(Self.variants.map(\.variant.rawValue)); in use: \(Kernels.activeDescription)")
        #expect(Self.variants.first?.variant == .baseline)
        #expect(Kernels.activeDescription.hasPrefix(Kernels.active.variant.rawValue))
    }

    /// Products over shapes that reach every tile and remainder path, A read directly and
    /// transposed, stored and accumulated, and the one-column (matrix-vector) path.
    @Test(arguments: [
        (1, 1, 1), (5, 7, 3), (7, 8, 4), (13, 33, 17), (200, 16, 50), (50, 16, 200),
        (9, 100, 600), (100, 1, 51), (200, 24, 50),
    ])
    func productsAgree(_ dims: (Int, Int, Int)) {
        let (m, n, k) = dims
        let a = floats(m * k, seed: 1), b = floats(k * n, seed: 2), c0 = floats(m * n, seed: 3)
        for transposedA in [false, true] {
            for accumulate in [false, true] {
                let results = Self.variants.map { kernels in
                    var c = c0, scratch = [Float](repeating: 0, count: gemmScratch)
                    kernels.gemm(
                        m: m, n: n, k: k, a: a, rowStrideA: transposedA ? 1 : k, columnStrideA: transposedA ? m : 1,
                        b: b, ldb: n, c: &c, ldc: n, accumulate: accumulate, scratch: &scratch)
                    return c
                }
                check(results, tolerance: 1e-5 * Float(k).squareRoot(), "gemm \(dims) Aᵀ \(transposedA) accumulate \(accumulate)")
            }
        }
    }

    @Test(arguments: [(1, 1, 1), (5, 4, 7), (9, 7, 33), (200, 51, 480), (3, 25, 16)])
    func transposedProductsAgree(_ dims: (Int, Int, Int)) {
        let (m, n, k) = dims
        let a = floats(m * k, seed: 4), b = floats(n * k, seed: 5), c0 = floats(m * n, seed: 6)
        let results = Self.variants.map { kernels in
            var c = c0
            kernels.gemmNT(m: m, n: n, k: k, a: a, lda: k, b: b, ldb: k, c: &c, ldc: n, accumulate: true)
            kernels.addRowSums(a, rows: m, columns: k, into: &c)
            return c
        }
        check(results, tolerance: 1e-5 * Float(k).squareRoot(), "gemmNT \(dims)")
    }

    /// Gate activations, the cell update and the gate gradients of one step (4 units, batch 16,
    /// rows 48 floats apart), with and without a previous step and an output gradient.
    @Test func lstmStepsAgree() {
        let u = 4, batch = 16, stride = 48
        let bias = floats(4 * u, seed: 7)
        let previous = floats(u * stride, seed: 8), output = floats(u * stride, seed: 9)
        let dh = floats(u * batch, seed: 10), dc0 = floats(u * batch, seed: 11)
        for first in [true, false] {
            let results = Self.variants.map { kernels in
                var z = floats(4 * u * stride, seed: 12, scale: 6)
                var c = [Float](repeating: 0, count: u * stride), tc = c, h = c
                var dc = dc0, dz = [Float](repeating: 0, count: 4 * u * stride)
                z.withUnsafeMutableBufferPointer { zp in
                    bias.withUnsafeBufferPointer { bp in
                        let z = zp.baseAddress!, bias = bp.baseAddress!
                        kernels.activate(z, rows: 2 * u, stride: stride, batch: batch, bias: bias, tanh: false)
                        kernels.activate(z + 2 * u * stride, rows: u, stride: stride, batch: batch, bias: bias + 2 * u, tanh: true)
                        kernels.activate(z + 3 * u * stride, rows: u, stride: stride, batch: batch, bias: bias + 3 * u, tanh: false)
                    }
                }
                let activated = z
                previous.withUnsafeBufferPointer { pp in
                    output.withUnsafeBufferPointer { op in
                        let previous = first ? nil : pp.baseAddress, output = first ? nil : op.baseAddress
                        kernels.advance(z: z, previous: previous, c: &c, tc: &tc, h: &h, units: u, stride: stride, batch: batch)
                        kernels.gradients(
                            z: z, previous: previous, tc: tc, output: output, outputStride: stride,
                            dh: dh, dc: &dc, dz: &dz, units: u, stride: stride, batch: batch)
                    }
                }
                return (activated, c + tc + h + dc + dz)
            }
            // Activations have no multiply-add to fuse: every variant computes the same bits.
            check(results.map(\.0), tolerance: 0, "activations")
            check(results.map(\.1), tolerance: 1e-5, "cell and gradients, first step \(first)")
        }
    }

    @Test func adamUpdatesAgree() {
        let count = 203, gradients = floats(count, seed: 13)
        let results = Self.variants.map { kernels in
            var w = floats(count, seed: 14), m = floats(count, seed: 15, scale: 0.1), v = floats(count, seed: 16, scale: 0.01).map(abs)
            for _ in 0..<3 {
                kernels.adam(
                    count: count, weights: &w, gradients: gradients, m: &m, v: &v,
                    beta1: 0.9, beta2: 0.999, alpha: 0.001, epsilon: 1e-7)
            }
            return w + m + v
        }
        check(results, tolerance: 0, "adam")
    }

    @Test func scalarActivationsAgree() {
        for x: Float in [-20, -7.9, -1, -1e-3, 0, 0.3, 2, 8, 30] {
            check(Self.variants.map { [Activation.tanh(x, kernels: $0), Activation.sigmoid(x, kernels: $0)] }, tolerance: 0, "x \(x)")
        }
    }

    /// Results of the variants in `KernelVariant` order: each within `tolerance` (relative to
    /// max(1, |baseline|)) of the baseline's, and the fused variants identical to each other.
    private func check(_ results: [[Float]], tolerance: Float, _ what: String) {
        let base = results[0]
        for (kernels, result) in zip(Self.variants, results).dropFirst() {
            let worst = zip(result, base).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(worst <= tolerance, "\(what): \(kernels.variant) differs from baseline by \(worst)")
            if kernels.variant != .avx2, let avx2 = results.dropFirst().first {
                #expect(result == avx2, "\(what): \(kernels.variant) differs from avx2")
            }
        }
    }

    private func floats(_ count: Int, seed: UInt64, scale: Double = 1) -> [Float] {
        randomValues(count, seed: seed, scale: scale).map(Float.init)
    }
}
