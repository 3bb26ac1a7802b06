import Testing

@testable import Neural

/// The blocked matrix product against a naive triple loop, over shapes that exercise every tile
/// and remainder path (rows not a multiple of 6 or 4, columns not a multiple of 16 or 8, depth
/// beyond one `gemmBlockK` slice) and both ways of reading A.
@Suite struct GEMMTests {
    @Test(arguments: [
        (1, 1, 1), (5, 7, 3), (6, 16, 10), (7, 8, 4), (8, 9, 50), (13, 33, 17),
        (32, 200, 50), (50, 32, 200), (200, 50, 300), (9, 100, 600),
    ])
    func productMatchesNaiveLoop(_ dims: (Int, Int, Int)) {
        let (m, n, k) = dims
        for transposedA in [false, true] {
            for accumulate in [false, true] {
                let a = randomValues(m * k, seed: 1).map(Float.init)
                let b = randomValues(k * n, seed: 2).map(Float.init)
                let c0 = randomValues(m * n, seed: 3).map(Float.init)
                var expected = [Double](repeating: 0, count: m * n)
                for i in 0..<m {
                    for j in 0..<n {
                        var sum = accumulate ? Double(c0[i * n + j]) : 0
                        for p in 0..<k { sum += Double(transposedA ? a[p * m + i] : a[i * k + p]) * Double(b[p * n + j]) }
                        expected[i * n + j] = sum
                    }
                }
                var c = c0
                let scratch = [Float](repeating: 0, count: gemmScratch)
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        c.withUnsafeMutableBufferPointer { cp in
                            var s = scratch
                            s.withUnsafeMutableBufferPointer { sp in
                                Kernels.active.gemm(
                                    m: m, n: n, k: k, a: ap.baseAddress!, rowStrideA: transposedA ? 1 : k,
                                    columnStrideA: transposedA ? m : 1, b: bp.baseAddress!, ldb: n,
                                    c: cp.baseAddress!, ldc: n, accumulate: accumulate, scratch: sp.baseAddress!)
                            }
                        }
                    }
                }
                let worst = zip(c, expected).map { abs(Double($0) - $1) }.max()!
                #expect(worst < 1e-4 * Double(k).squareRoot(), "m \(m) n \(n) k \(k) Aᵀ \(transposedA) accumulate \(accumulate)")
            }
        }
    }

    @Test(arguments: [(1, 1, 1), (4, 3, 8), (5, 4, 7), (9, 7, 33), (200, 50, 960), (3, 25, 16)])
    func transposedProductMatchesNaiveLoop(_ dims: (Int, Int, Int)) {
        let (m, n, k) = dims
        for accumulate in [false, true] {
            let a = randomValues(m * k, seed: 4).map(Float.init)  // [m × k]
            let b = randomValues(n * k, seed: 5).map(Float.init)  // [n × k]
            var c = randomValues(m * n, seed: 6).map(Float.init)
            var expected = [Double](repeating: 0, count: m * n)
            for i in 0..<m {
                for j in 0..<n {
                    var sum = accumulate ? Double(c[i * n + j]) : 0
                    for p in 0..<k { sum += Double(a[i * k + p]) * Double(b[j * k + p]) }
                    expected[i * n + j] = sum
                }
            }
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        Kernels.active.gemmNT(
                            m: m, n: n, k: k, a: ap.baseAddress!, lda: k, b: bp.baseAddress!, ldb: k,
                            c: cp.baseAddress!, ldc: n, accumulate: accumulate)
                    }
                }
            }
            let worst = zip(c, expected).map { abs(Double($0) - $1) }.max()!
            #expect(worst < 1e-4 * Double(k).squareRoot(), "m \(m) n \(n) k \(k) accumulate \(accumulate)")
        }
    }
}
