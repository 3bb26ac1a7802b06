import CNeuralKernels

/// Depth of one slice of a long product; `scratch` must hold `gemmScratch` floats.
let gemmBlockK = Int(CNK_GEMM_BLOCK_K)
let gemmScratch = Int(CNK_GEMM_SCRATCH)

extension Kernels {
    /// Single-precision matrix product, register-blocked for the small shapes of LSTM training.
    ///
    /// Computes `C[m×n] = A[m×k] · B[k×n]` (or `C += …` when `accumulate`). `B` and `C` are
    /// row-major with leading dimensions `ldb` and `ldc` (floats). `A` is read through a row
    /// stride and a column stride, so the same kernel serves `A` and `Aᵀ`
    /// (`rowStrideA = 1, columnStrideA = lda` multiplies by the transpose without materialising
    /// it). A micro-kernel keeps a tile of `C` (6 or 4 rows by 16 or 8 columns) in vector
    /// registers for the whole `k` loop; products deeper than `gemmBlockK` run in slices so that a
    /// panel of `B` stays in the L1 cache; a single column (`n == 1`) is a matrix-vector product.
    /// `scratch` holds `gemmScratch` floats.
    ///
    /// Each element of `C` is accumulated over `k` in order whatever the tiling, so results do
    /// not depend on tile shapes or the vector width of the variant.
    func gemm(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, rowStrideA: Int, columnStrideA: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool,
        scratch: UnsafeMutablePointer<Float>
    ) {
        table.gemm!(m, n, k, a, rowStrideA, columnStrideA, b, ldb, c, ldc, accumulate ? 1 : 0, scratch)
    }

    /// Single-precision product with the second operand transposed, for long reductions:
    /// `C[m×n] (+)= A[m×k] · B[n×k]ᵀ`, where the rows of `A` and of `B` are contiguous along `k`
    /// (leading dimensions `lda`, `ldb`, floats) and `C` is row-major with leading dimension `ldc`.
    ///
    /// This is the shape of a weight gradient: the sum over every sample and time step of an
    /// activation times a gradient, both stored sample-contiguous. A 4 × 3 tile of `C` is
    /// computed as 12 dot products at once, each accumulated in 8 lanes along `k` and summed
    /// lane by lane at the end, so the order of every sum is fixed and results are reproducible.
    func gemmNT(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool
    ) {
        table.gemm_nt!(m, n, k, a, lda, b, ldb, c, ldc, accumulate ? 1 : 0)
    }

    /// Adds the sum of each row of `x[rows × columns]` to `sum[row]`.
    func addRowSums(_ x: UnsafePointer<Float>, rows: Int, columns: Int, into sum: UnsafeMutablePointer<Float>) {
        table.add_row_sums!(x, rows, columns, sum)
    }
}
