// Matrix products (part of KernelBody.h).
//
// gemm: a micro-kernel keeps a tile of C, 6 or 4 rows by CNK_PANEL (or 8) columns, in vector
// accumulators for the whole k loop: per step it loads one row of the B panel, broadcasts one
// element of A per row and does one multiply-add per accumulator (6 × 16 is the largest tile
// that fits AVX2's 16 registers). Rows go in tiles of 6 or 4 chosen to waste little on the
// remainder (a short tile repeats its last valid row and stores only the valid ones); columns
// that do not fill a tile are copied zero-padded into the scratch. Each C element is
// accumulated over k in order from zero and then added to C, whatever the tile.

struct cnk_strides {
    long k, row_a, column_a, ldc;
    int accumulate;
};

/// Row r of a tile of `rows` valid rows; rows past the end repeat the last valid one.
#define CNK_ROW(r) (a + cnk_min(r, rows - 1) * s->row_a)

/// Adds (or stores) the first `columns` lanes of accumulator `v` (W lanes, type V) to p.
#define CNK_FINISH(V, VU, W, v, p)                                                          \
    do {                                                                                    \
        float *out_ = (p);                                                                  \
        if (columns == W) {                                                                 \
            *(VU *)out_ = s->accumulate ? *(const VU *)out_ + (v) : (v);                    \
        } else {                                                                            \
            for (long l = 0; l < columns; l++) out_[l] = s->accumulate ? out_[l] + (v)[l] : (v)[l]; \
        }                                                                                   \
    } while (0)

/// A micro-kernel of 6 rows by one vector V (W lanes) of columns.
#define CNK_TILE6(FN, V, VU, W)                                                             \
    static __attribute__((noinline)) void FN(const float *a, const float *b, long ldb, float *c, \
                                             const struct cnk_strides *s, long rows, long columns) { \
        const float *a0 = CNK_ROW(0), *a1 = CNK_ROW(1), *a2 = CNK_ROW(2);                   \
        const float *a3 = CNK_ROW(3), *a4 = CNK_ROW(4), *a5 = CNK_ROW(5);                   \
        V c0 = (V)(0.0f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;                      \
        long offset = 0, step = s->column_a;                                                \
        for (long p = 0; p < s->k; p++) {                                                   \
            V bv = *(const VU *)b;                                                          \
            c0 = CNK_FMA((V)(a0[offset]), bv, c0);                                          \
            c1 = CNK_FMA((V)(a1[offset]), bv, c1);                                          \
            c2 = CNK_FMA((V)(a2[offset]), bv, c2);                                          \
            c3 = CNK_FMA((V)(a3[offset]), bv, c3);                                          \
            c4 = CNK_FMA((V)(a4[offset]), bv, c4);                                          \
            c5 = CNK_FMA((V)(a5[offset]), bv, c5);                                          \
            offset += step;                                                                 \
            b += ldb;                                                                       \
        }                                                                                   \
        long ldc = s->ldc;                                                                  \
        CNK_FINISH(V, VU, W, c0, c);                                                        \
        if (rows > 1) CNK_FINISH(V, VU, W, c1, c + ldc);                                    \
        if (rows > 2) CNK_FINISH(V, VU, W, c2, c + 2 * ldc);                                \
        if (rows > 3) CNK_FINISH(V, VU, W, c3, c + 3 * ldc);                                \
        if (rows > 4) CNK_FINISH(V, VU, W, c4, c + 4 * ldc);                                \
        if (rows > 5) CNK_FINISH(V, VU, W, c5, c + 5 * ldc);                                \
    }

/// A micro-kernel of 4 rows by one vector V (W lanes) of columns.
#define CNK_TILE4(FN, V, VU, W)                                                             \
    static __attribute__((noinline)) void FN(const float *a, const float *b, long ldb, float *c, \
                                             const struct cnk_strides *s, long rows, long columns) { \
        const float *a0 = CNK_ROW(0), *a1 = CNK_ROW(1), *a2 = CNK_ROW(2), *a3 = CNK_ROW(3); \
        V c0 = (V)(0.0f), c1 = c0, c2 = c0, c3 = c0;                                        \
        long offset = 0, step = s->column_a;                                                \
        for (long p = 0; p < s->k; p++) {                                                   \
            V bv = *(const VU *)b;                                                          \
            c0 = CNK_FMA((V)(a0[offset]), bv, c0);                                          \
            c1 = CNK_FMA((V)(a1[offset]), bv, c1);                                          \
            c2 = CNK_FMA((V)(a2[offset]), bv, c2);                                          \
            c3 = CNK_FMA((V)(a3[offset]), bv, c3);                                          \
            offset += step;                                                                 \
            b += ldb;                                                                       \
        }                                                                                   \
        long ldc = s->ldc;                                                                  \
        CNK_FINISH(V, VU, W, c0, c);                                                        \
        if (rows > 1) CNK_FINISH(V, VU, W, c1, c + ldc);                                    \
        if (rows > 2) CNK_FINISH(V, VU, W, c2, c + 2 * ldc);                                \
        if (rows > 3) CNK_FINISH(V, VU, W, c3, c + 3 * ldc);                                \
    }

CNK_TILE6(CNK_NAME(tile6x8), v8, v8u, 8)
CNK_TILE4(CNK_NAME(tile4x8), v8, v8u, 8)
#if CNK_PANEL == 16
CNK_TILE6(CNK_NAME(tile6x16), v16, v16u, 16)
CNK_TILE4(CNK_NAME(tile4x16), v16, v16u, 16)
#endif

/// The product over one slice of k (≤ CNK_GEMM_BLOCK_K).
static void CNK_NAME(gemm_panel)(long m, long n, const float *a, const float *b, long ldb, float *c,
                                 const struct cnk_strides *s, float *scratch) {
    for (long j = 0; j < n; j += CNK_PANEL) {
        long width = cnk_min(CNK_PANEL, n - j);
        int narrow = CNK_PANEL == 16 && width <= 8;
        long padded = narrow ? 8 : CNK_PANEL;
        const float *panel = b + j;
        long ld_panel = ldb;
        if (width != padded) {
            // Pack the remaining columns, zero-padded to the tile width.
            for (long p = 0; p < s->k; p++) {
                const float *src = b + p * ldb + j;
                float *dst = scratch + p * padded;
                for (long q = 0; q < width; q++) dst[q] = src[q];
                for (long q = width; q < padded; q++) dst[q] = 0;
            }
            panel = scratch;
            ld_panel = padded;
        }
        for (long i = 0; i < m;) {
            // Whole 6-row tiles; a remainder of 7 or 8 rows goes 4 + 3–4, 5 rows in one 6-row tile.
            long left = m - i;
            int tall = left >= 9 || left == 6 || left == 5;
            long rows = tall ? cnk_min(left, 6) : cnk_min(left, 4);
            const float *a0 = a + i * s->row_a;
            float *c0 = c + i * s->ldc + j;
#if CNK_PANEL == 16
            if (!narrow) {
                if (tall) CNK_NAME(tile6x16)(a0, panel, ld_panel, c0, s, rows, width);
                else CNK_NAME(tile4x16)(a0, panel, ld_panel, c0, s, rows, width);
                i += rows;
                continue;
            }
#endif
            if (tall) CNK_NAME(tile6x8)(a0, panel, ld_panel, c0, s, rows, width);
            else CNK_NAME(tile4x8)(a0, panel, ld_panel, c0, s, rows, width);
            i += rows;
        }
    }
}

/// y (+)= A·x for one column x: x gathered into scratch, each row an 8-lane dot product.
static void CNK_NAME(gemv)(long m, long k, const float *a, long row_stride, const float *x, long x_stride,
                           float *y, long y_stride, int accumulate, float *scratch) {
    for (long p = 0; p < k; p++) scratch[p] = x[p * x_stride];
    for (long i = 0; i < m; i++) {
        const float *row = a + i * row_stride;
        v8 acc = (v8)(0.0f);
        for (long p = 0; p < k; p += 8) {
            long w = cnk_min(8, k - p);
            acc = CNK_FMA(load8n(row + p, w), load8n(scratch + p, w), acc);
        }
        float *out = y + i * y_stride;
        *out = accumulate ? *out + sum8(acc) : sum8(acc);
    }
}

static void CNK_NAME(gemm)(long m, long n, long k, const float *a, long row_stride_a, long column_stride_a,
                           const float *b, long ldb, float *c, long ldc, int accumulate, float *scratch) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        if (!accumulate)
            for (long i = 0; i < m; i++)
                for (long j = 0; j < n; j++) c[i * ldc + j] = 0;
        return;
    }
    if (n == 1 && column_stride_a == 1 && k <= CNK_GEMM_SCRATCH) {
        CNK_NAME(gemv)(m, k, a, row_stride_a, b, ldb, c, ldc, accumulate, scratch);
        return;
    }
    for (long k0 = 0; k0 < k; k0 += CNK_GEMM_BLOCK_K) {
        struct cnk_strides s = {cnk_min(CNK_GEMM_BLOCK_K, k - k0), row_stride_a, column_stride_a, ldc,
                                accumulate || k0 > 0};
        CNK_NAME(gemm_panel)(m, n, a + k0 * column_stride_a, b + k0 * ldb, ldb, c, &s, scratch);
    }
}

/// A 4 × 3 tile of C = A·Bᵀ as 12 dot products, each accumulated in an 8-lane vector along k
/// and summed at the end. Partial tiles repeat their last valid row or column and store only the
/// valid ones; a k that is not a multiple of 8 ends with one zero-padded step.
static __attribute__((noinline)) void CNK_NAME(dot_tile)(long k, const float *a, long lda, long rows,
                                                         const float *b, long ldb, long columns,
                                                         float *c, long ldc, int accumulate) {
    const float *a0 = a, *a1 = a + cnk_min(1, rows - 1) * lda;
    const float *a2 = a + cnk_min(2, rows - 1) * lda, *a3 = a + cnk_min(3, rows - 1) * lda;
    const float *b0 = b, *b1 = b + cnk_min(1, columns - 1) * ldb, *b2 = b + cnk_min(2, columns - 1) * ldb;
    v8 s00 = (v8)(0.0f), s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00;
    v8 s20 = s00, s21 = s00, s22 = s00, s30 = s00, s31 = s00, s32 = s00;
#define CNK_DOT_STEP(LOAD)                                                                  \
    do {                                                                                    \
        v8 v0 = LOAD(b0 + p), v1 = LOAD(b1 + p), v2 = LOAD(b2 + p);                         \
        v8 x = LOAD(a0 + p);                                                                \
        s00 = CNK_FMA(x, v0, s00); s01 = CNK_FMA(x, v1, s01); s02 = CNK_FMA(x, v2, s02);    \
        x = LOAD(a1 + p);                                                                   \
        s10 = CNK_FMA(x, v0, s10); s11 = CNK_FMA(x, v1, s11); s12 = CNK_FMA(x, v2, s12);    \
        x = LOAD(a2 + p);                                                                   \
        s20 = CNK_FMA(x, v0, s20); s21 = CNK_FMA(x, v1, s21); s22 = CNK_FMA(x, v2, s22);    \
        x = LOAD(a3 + p);                                                                   \
        s30 = CNK_FMA(x, v0, s30); s31 = CNK_FMA(x, v1, s31); s32 = CNK_FMA(x, v2, s32);    \
    } while (0)
    long p = 0;
    for (; p + 8 <= k; p += 8) CNK_DOT_STEP(load8);
    if (p < k) {
        // The last partial step, zero-padded: padding adds 0 · 0.
#define CNK_LOAD_TAIL(q) load8n(q, k - p)
        CNK_DOT_STEP(CNK_LOAD_TAIL);
#undef CNK_LOAD_TAIL
    }
#undef CNK_DOT_STEP
    v8 sums[4][3] = {{s00, s01, s02}, {s10, s11, s12}, {s20, s21, s22}, {s30, s31, s32}};
    for (long r = 0; r < rows; r++) {
        for (long q = 0; q < columns; q++) {
            float *out = c + r * ldc + q;
            float sum = sum8(sums[r][q]);
            *out = accumulate ? *out + sum : sum;
        }
    }
}

static void CNK_NAME(gemm_nt)(long m, long n, long k, const float *a, long lda, const float *b, long ldb,
                              float *c, long ldc, int accumulate) {
    if (m <= 0 || n <= 0) return;
    for (long i = 0; i < m; i += 4) {
        for (long j = 0; j < n; j += 3) {
            CNK_NAME(dot_tile)(k, a + i * lda, lda, cnk_min(4, m - i), b + j * ldb, ldb, cnk_min(3, n - j),
                               c + i * ldc + j, ldc, accumulate);
        }
    }
}

static void CNK_NAME(add_row_sums)(const float *x, long rows, long columns, float *sum) {
    for (long r = 0; r < rows; r++) {
        v8 acc = (v8)(0.0f);
        for (long v = 0; v < columns; v += 8) acc += load8n(x + r * columns + v, cnk_min(8, columns - v));
        sum[r] += sum8(acc);
    }
}
