/// Single-precision product with the second operand transposed, for long reductions:
/// `C[m×n] (+)= A[m×k] · B[n×k]ᵀ`, where the rows of `A` and of `B` are contiguous along `k`
/// (leading dimensions `lda`, `ldb`) and `C` is row-major with leading dimension `ldc`.
///
/// This is the shape of a weight gradient: the sum over every sample and time step of an
/// activation times a gradient, both stored sample-contiguous. Rather than transposing one of
/// them for `gemm`, a 4 × 3 tile of `C` is computed as 12 dot products at once, each
/// accumulated in an 8-lane vector along `k` (12 vector registers; per 8 steps of `k`, 7 loads
/// feed 12 fused multiply-adds) and reduced at the end. Partial tiles repeat their last valid
/// row or column and store only the valid ones; a `k` that is not a multiple of 8 finishes with
/// one zero-padded step. The order of every sum is fixed, so results are reproducible.
@inline(never)
func gemmNT(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    accumulate: Bool
) {
    guard m > 0, n > 0 else { return }
    var i = 0
    while i < m {
        let rows = min(4, m - i)
        var j = 0
        while j < n {
            let columns = min(3, n - j)
            dotTile(
                k: k, a: a + i * lda, lda: lda, rows: rows, b: b + j * ldb, ldb: ldb, columns: columns,
                c: c + i * ldc + j, ldc: ldc, accumulate: accumulate)
            j += 3
        }
        i += 4
    }
}

@inline(never)
private func dotTile(
    k: Int, a: UnsafePointer<Float>, lda: Int, rows: Int,
    b: UnsafePointer<Float>, ldb: Int, columns: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
) {
    let a0 = a, a1 = a + min(1, rows - 1) * lda, a2 = a + min(2, rows - 1) * lda, a3 = a + min(3, rows - 1) * lda
    let b0 = b, b1 = b + min(1, columns - 1) * ldb, b2 = b + min(2, columns - 1) * ldb
    var s00 = SIMD8<Float>(), s01 = SIMD8<Float>(), s02 = SIMD8<Float>()
    var s10 = SIMD8<Float>(), s11 = SIMD8<Float>(), s12 = SIMD8<Float>()
    var s20 = SIMD8<Float>(), s21 = SIMD8<Float>(), s22 = SIMD8<Float>()
    var s30 = SIMD8<Float>(), s31 = SIMD8<Float>(), s32 = SIMD8<Float>()
    var p = 0
    while p + 8 <= k {
        let v0 = load8(b0 + p), v1 = load8(b1 + p), v2 = load8(b2 + p)
        var x = load8(a0 + p)
        s00 = s00.addingProduct(x, v0)
        s01 = s01.addingProduct(x, v1)
        s02 = s02.addingProduct(x, v2)
        x = load8(a1 + p)
        s10 = s10.addingProduct(x, v0)
        s11 = s11.addingProduct(x, v1)
        s12 = s12.addingProduct(x, v2)
        x = load8(a2 + p)
        s20 = s20.addingProduct(x, v0)
        s21 = s21.addingProduct(x, v1)
        s22 = s22.addingProduct(x, v2)
        x = load8(a3 + p)
        s30 = s30.addingProduct(x, v0)
        s31 = s31.addingProduct(x, v1)
        s32 = s32.addingProduct(x, v2)
        p += 8
    }
    if p < k {
        // The last partial step, zero-padded: padding adds 0 · 0.
        let w = k - p
        let v0 = load8(b0 + p, count: w), v1 = load8(b1 + p, count: w), v2 = load8(b2 + p, count: w)
        var x = load8(a0 + p, count: w)
        s00 = s00.addingProduct(x, v0)
        s01 = s01.addingProduct(x, v1)
        s02 = s02.addingProduct(x, v2)
        x = load8(a1 + p, count: w)
        s10 = s10.addingProduct(x, v0)
        s11 = s11.addingProduct(x, v1)
        s12 = s12.addingProduct(x, v2)
        x = load8(a2 + p, count: w)
        s20 = s20.addingProduct(x, v0)
        s21 = s21.addingProduct(x, v1)
        s22 = s22.addingProduct(x, v2)
        x = load8(a3 + p, count: w)
        s30 = s30.addingProduct(x, v0)
        s31 = s31.addingProduct(x, v1)
        s32 = s32.addingProduct(x, v2)
    }
    @inline(__always) func store(_ r: Int, _ q: Int, _ sum: SIMD8<Float>) {
        guard r < rows, q < columns else { return }
        let out = c + r * ldc + q
        out.pointee = accumulate ? out.pointee + sum.sum() : sum.sum()
    }
    store(0, 0, s00)
    store(0, 1, s01)
    store(0, 2, s02)
    store(1, 0, s10)
    store(1, 1, s11)
    store(1, 2, s12)
    store(2, 0, s20)
    store(2, 1, s21)
    store(2, 2, s22)
    store(3, 0, s30)
    store(3, 1, s31)
    store(3, 2, s32)
}
