/// Single-precision matrix product, register-blocked for the small shapes of LSTM training.
///
/// Computes `C[m×n] = A[m×k] · B[k×n]` (or `C += …` when `accumulate`). `B` and `C` are
/// row-major with leading dimensions `ldb` and `ldc`. `A` is read through a row stride and a
/// column stride, so the same kernel serves `A` and `Aᵀ` (`rowStrideA = 1, columnStrideA = lda`
/// multiplies by the transpose without materialising it).
///
/// A micro-kernel keeps a tile of `C` — 6 or 4 rows by 16 (or 8) columns — in SIMD
/// accumulators for the whole `k` loop: per step it loads one row of the `B` panel, broadcasts
/// one element of `A` per row and does one fused multiply-add per accumulator. 6 × 16 is the
/// largest tile whose accumulators fit the 16 vector registers of AVX2 (12 × 8 lanes) without
/// spilling. Columns are blocked by 16 so the `k × 16` panel of `B` stays in L1. Rows go in
/// tiles of 6 or 4 chosen to waste little on the remainder (a tile with fewer valid rows
/// repeats its last valid row and stores only the valid ones);
/// a column remainder of up to 8 uses 8-wide tiles, a wider one 16-wide tiles, reading `B`
/// from `scratch` (`gemmScratch` floats) where it would run past the matrix. Products deeper than
/// `gemmBlockK` run in slices of that depth, so that a panel of `B` stays in the L1 cache.
///
/// Each element of `C` is accumulated over `k` in order whatever the tiling, so results do not
/// depend on tile shapes or the vector width of the machine.
@inline(never)
func gemm(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, rowStrideA: Int, columnStrideA: Int,
    b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    accumulate: Bool,
    scratch: UnsafeMutablePointer<Float>
) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        if !accumulate {
            for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
        }
        return
    }
    if n == 1 && columnStrideA == 1 && k <= gemmScratch {
        gemv(
            m: m, k: k, a: a, rowStride: rowStrideA, x: b, xStride: ldb, y: c, yStride: ldc, accumulate: accumulate,
            scratch: scratch)
        return
    }
    // Long products run in slices of `gemmBlockK` so that a 16-column panel of B stays in L1.
    var k0 = 0
    while k0 < k {
        let kc = min(gemmBlockK, k - k0)
        gemmPanel(
            m: m, n: n, k: kc, a: a + k0 * columnStrideA, rowStrideA: rowStrideA, columnStrideA: columnStrideA,
            b: b + k0 * ldb, ldb: ldb, c: c, ldc: ldc, accumulate: accumulate || k0 > 0, scratch: scratch)
        k0 += kc
    }
}

/// Depth of one slice of a long product; `scratch` must hold `gemmScratch` floats.
let gemmBlockK = 256
let gemmScratch = gemmBlockK * 16

@inline(__always)
private func gemmPanel(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, rowStrideA: Int, columnStrideA: Int,
    b: UnsafePointer<Float>, ldb: Int,
    c: UnsafeMutablePointer<Float>, ldc: Int,
    accumulate: Bool,
    scratch: UnsafeMutablePointer<Float>
) {
    let strides = Strides(k: k, rowA: rowStrideA, columnA: columnStrideA, ldc: ldc, accumulate: accumulate)
    var j = 0
    while j < n {
        let width = min(16, n - j)
        var panel = b + j
        var ldPanel = ldb
        if width != 16 && width != 8 {
            // Pack the remaining columns, zero-padded to the tile width.
            let padded = width < 8 ? 8 : 16
            for p in 0..<k {
                let src = b + p * ldb + j
                let dst = scratch + p * padded
                for q in 0..<width { dst[q] = src[q] }
                for q in width..<padded { dst[q] = 0 }
            }
            panel = UnsafePointer(scratch)
            ldPanel = padded
        }
        var i = 0
        while i < m {
            // Whole 6-row tiles; a remainder of 7 or 8 rows goes 4 + 3–4, 5 rows in one 6-row tile.
            let left = m - i
            let tall = left >= 9 || left == 6 || left == 5
            let rows = tall ? min(left, 6) : min(left, 4)
            let a0 = a + i * rowStrideA
            let c0 = c + i * ldc + j
            if width <= 8 {
                if tall {
                    kernel6x8(a0, panel, ldPanel, c0, strides, rows: rows, columns: width)
                } else {
                    kernel4x8(a0, panel, ldPanel, c0, strides, rows: rows, columns: width)
                }
            } else {
                if tall {
                    kernel6x16(a0, panel, ldPanel, c0, strides, rows: rows, columns: width)
                } else {
                    kernel4x16(a0, panel, ldPanel, c0, strides, rows: rows, columns: width)
                }
            }
            i += rows
        }
        j += 16
    }
}

/// `y (+)= A·x` for one column `x` (a forecast's batch of one): rows of `A` contiguous, `x`
/// gathered once into `scratch`, each row an 8-lane dot product. Eight times less work than a
/// tile padded to 8 columns.
private func gemv(
    m: Int, k: Int, a: UnsafePointer<Float>, rowStride: Int, x: UnsafePointer<Float>, xStride: Int,
    y: UnsafeMutablePointer<Float>, yStride: Int, accumulate: Bool, scratch: UnsafeMutablePointer<Float>
) {
    for p in 0..<k { scratch[p] = x[p * xStride] }
    for i in 0..<m {
        let row = a + i * rowStride
        var acc = SIMD8<Float>()
        var p = 0
        while p < k {
            let w = min(8, k - p)
            acc = acc.addingProduct(load8(row + p, count: w), load8(scratch + p, count: w))
            p += 8
        }
        let out = y + i * yStride
        out.pointee = accumulate ? out.pointee + acc.sum() : acc.sum()
    }
}

/// The loop-invariant arguments of the micro-kernels.
struct Strides {
    var k: Int
    var rowA: Int
    var columnA: Int
    var ldc: Int
    var accumulate: Bool
}

@inline(__always)
func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

/// The first `count` (≤ 8) floats at `p`, zero-padded.
@inline(__always)
func load8(_ p: UnsafePointer<Float>, count: Int) -> SIMD8<Float> {
    if count == 8 { return load8(p) }
    var v = SIMD8<Float>()
    for l in 0..<count { v[l] = p[l] }
    return v
}

@inline(__always)
func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}

/// Adds (or stores) the first `count` lanes of an accumulator into `p`.
@inline(__always)
private func finish<V: SIMD>(_ v: V, _ p: UnsafeMutablePointer<Float>, _ count: Int, _ accumulate: Bool) where V.Scalar == Float {
    if count == V.scalarCount {
        let out = accumulate ? UnsafeRawPointer(p).loadUnaligned(as: V.self) + v : v
        UnsafeMutableRawPointer(p).storeBytes(of: out, as: V.self)
    } else {
        for l in 0..<count { p[l] = accumulate ? p[l] + v[l] : v[l] }
    }
}

/// Row `r` of a tile of `rows` valid rows; rows past the end repeat the last valid one.
@inline(__always)
private func row(_ a: UnsafePointer<Float>, _ r: Int, _ rows: Int, _ stride: Int) -> UnsafePointer<Float> {
    a + min(r, rows - 1) * stride
}

// The micro-kernels: a tile of 6 or 4 rows by one vector `V` (SIMD16: 16 columns, SIMD8: 8).
// Written generically over the vector and always inlined into the four concrete kernels below,
// so that each is specialised and keeps its accumulators in registers.

@inline(__always)
private func tile6<V: SIMD>(
    _: V.Type, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ s: Strides, rows: Int, columns: Int
) where V.Scalar == Float {
    let a0 = row(a, 0, rows, s.rowA), a1 = row(a, 1, rows, s.rowA), a2 = row(a, 2, rows, s.rowA)
    let a3 = row(a, 3, rows, s.rowA), a4 = row(a, 4, rows, s.rowA), a5 = row(a, 5, rows, s.rowA)
    var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
    var offset = 0
    var pb = b
    for _ in 0..<s.k {
        let bv = UnsafeRawPointer(pb).loadUnaligned(as: V.self)
        c0 = c0.addingProduct(V(repeating: a0[offset]), bv)
        c1 = c1.addingProduct(V(repeating: a1[offset]), bv)
        c2 = c2.addingProduct(V(repeating: a2[offset]), bv)
        c3 = c3.addingProduct(V(repeating: a3[offset]), bv)
        c4 = c4.addingProduct(V(repeating: a4[offset]), bv)
        c5 = c5.addingProduct(V(repeating: a5[offset]), bv)
        offset += s.columnA
        pb += ldb
    }
    let ldc = s.ldc
    finish(c0, c, columns, s.accumulate)
    if rows > 1 { finish(c1, c + ldc, columns, s.accumulate) }
    if rows > 2 { finish(c2, c + 2 * ldc, columns, s.accumulate) }
    if rows > 3 { finish(c3, c + 3 * ldc, columns, s.accumulate) }
    if rows > 4 { finish(c4, c + 4 * ldc, columns, s.accumulate) }
    if rows > 5 { finish(c5, c + 5 * ldc, columns, s.accumulate) }
}

@inline(__always)
private func tile4<V: SIMD>(
    _: V.Type, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ s: Strides, rows: Int, columns: Int
) where V.Scalar == Float {
    let a0 = row(a, 0, rows, s.rowA), a1 = row(a, 1, rows, s.rowA)
    let a2 = row(a, 2, rows, s.rowA), a3 = row(a, 3, rows, s.rowA)
    var c0 = V(), c1 = V(), c2 = V(), c3 = V()
    var offset = 0
    var pb = b
    for _ in 0..<s.k {
        let bv = UnsafeRawPointer(pb).loadUnaligned(as: V.self)
        c0 = c0.addingProduct(V(repeating: a0[offset]), bv)
        c1 = c1.addingProduct(V(repeating: a1[offset]), bv)
        c2 = c2.addingProduct(V(repeating: a2[offset]), bv)
        c3 = c3.addingProduct(V(repeating: a3[offset]), bv)
        offset += s.columnA
        pb += ldb
    }
    let ldc = s.ldc
    finish(c0, c, columns, s.accumulate)
    if rows > 1 { finish(c1, c + ldc, columns, s.accumulate) }
    if rows > 2 { finish(c2, c + 2 * ldc, columns, s.accumulate) }
    if rows > 3 { finish(c3, c + 3 * ldc, columns, s.accumulate) }
}

@inline(never)
private func kernel6x16(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ s: Strides, rows: Int, columns: Int
) {
    tile6(SIMD16<Float>.self, a, b, ldb, c, s, rows: rows, columns: columns)
}

@inline(never)
private func kernel4x16(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ s: Strides, rows: Int, columns: Int
) {
    tile4(SIMD16<Float>.self, a, b, ldb, c, s, rows: rows, columns: columns)
}

@inline(never)
private func kernel6x8(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ s: Strides, rows: Int, columns: Int
) {
    tile6(SIMD8<Float>.self, a, b, ldb, c, s, rows: rows, columns: columns)
}

@inline(never)
private func kernel4x8(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ ldb: Int,
    _ c: UnsafeMutablePointer<Float>, _ s: Strides, rows: Int, columns: Int
) {
    tile4(SIMD8<Float>.self, a, b, ldb, c, s, rows: rows, columns: columns)
}

/// Adds the sum of each row of `x[rows × columns]` to `sum[row]`.
func addRowSums(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into sum: UnsafeMutablePointer<Float>) {
    for r in 0..<rows {
        var acc = SIMD8<Float>()
        var v = 0
        while v < columns {
            acc += load8(x + r * columns + v, count: min(8, columns - v))
            v += 8
        }
        sum[r] += acc.sum()
    }
}
