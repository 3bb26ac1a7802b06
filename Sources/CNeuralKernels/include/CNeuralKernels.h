#ifndef CNEURALKERNELS_H
#define CNEURALKERNELS_H

/// The numeric kernels of LSTM training, compiled once per instruction set (baseline SSE2,
/// AVX2 + FMA, AVX-512) and chosen at run time, so that one binary runs on any x86-64 at the
/// speed of the CPU it finds. Every variant computes each value by the same sequence of float
/// operations, except that the baseline has no fused multiply-add (a product is rounded before
/// it is added). Sizes and strides are counts of floats; matrices are row-major.

/// Depth of one slice of a long `gemm` (the k × 16 panel of B then stays in L1).
#define CNK_GEMM_BLOCK_K 256
/// Floats of scratch `gemm` needs.
#define CNK_GEMM_SCRATCH (CNK_GEMM_BLOCK_K * 16)

/// The instruction sets, in order of preference.
enum { CNK_BASELINE = 0, CNK_AVX2 = 1, CNK_AVX512 = 2 };

typedef struct cnk_kernels {
    /// "baseline", "avx2" or "avx512".
    const char *name;
    /// C[m×n] (+)= A[m×k]·B[k×n]. A is read through a row and a column stride (so Aᵀ needs no copy);
    /// `scratch` holds CNK_GEMM_SCRATCH floats. Each C element is accumulated over k in order.
    void (*gemm)(long m, long n, long k, const float *a, long row_stride_a, long column_stride_a,
                 const float *b, long ldb, float *c, long ldc, int accumulate, float *scratch);
    /// C[m×n] (+)= A[m×k]·B[n×k]ᵀ, rows of A and B contiguous along k: 8 partial sums per element.
    void (*gemm_nt)(long m, long n, long k, const float *a, long lda, const float *b, long ldb,
                    float *c, long ldc, int accumulate);
    /// sum[r] += Σ x[r][0..<columns] for each of `rows` contiguous rows.
    void (*add_row_sums)(const float *x, long rows, long columns, float *sum);
    /// z[r][0..<batch] = σ(z + bias[r]), or tanh, for `rows` rows `stride` apart; batch a multiple of 8.
    void (*lstm_activate)(float *z, long rows, long stride, long batch, const float *bias, int use_tanh);
    /// c = f·c_prev + i·g, tc = tanh(c), h = o·tc over the gate blocks of z (i, f, g, o; `units` rows
    /// each); `previous` (c_prev) may be NULL.
    void (*lstm_advance)(const float *z, const float *previous, float *c, float *tc, float *h,
                         long units, long stride, long batch);
    /// Gate gradients of one step into dz; dc is ∂L/∂c_t in and ∂L/∂c_{t−1} out; `previous` and
    /// `output` may be NULL. dh and dc are [units × batch].
    void (*lstm_gradients)(const float *z, const float *previous, const float *tc, const float *output,
                           long output_stride, const float *dh, float *dc, float *dz,
                           long units, long stride, long batch);
    /// One Adam update of `count` weights: m, v moments, step α·m/(√v + ε).
    void (*adam)(long count, float *w, const float *g, float *m, float *v,
                 float beta1, float beta2, float alpha, float epsilon);
} cnk_kernels;

/// The kernels of `level` (CNK_BASELINE …), or NULL when this CPU (and OS) cannot run them.
const cnk_kernels *cnk_kernels_for(int level);

#endif
