// The kernels, written once over clang's vector types and compiled once per instruction set:
// each of Baseline.c, AVX2.c and AVX512.c defines, then includes this file,
//   CNK_NAME(x)      the variant's name for x
//   CNK_FMA(a, b, c) a·b + c, fused (one rounding) or not
//   CNK_PANEL        columns of a gemm tile: 16 (one 16-lane vector or two 8-lane ones) or 8
// and the target attribute that lets the compiler use the instruction set.
//
// No floating-point contraction: a product and a sum are rounded separately unless CNK_FMA
// fuses them, so every variant does the float operations the Swift code before it did, in the
// same order. 8-lane vectors carry the partial sums of dot products (their lane count is part of
// the result), 16-lane ones only independent elements.
#pragma clang fp contract(off)

#include "include/CNeuralKernels.h"

typedef float v8 __attribute__((ext_vector_type(8)));
typedef float v8u __attribute__((ext_vector_type(8), aligned(4)));
typedef int i8 __attribute__((ext_vector_type(8)));
typedef float v16 __attribute__((ext_vector_type(16)));
typedef float v16u __attribute__((ext_vector_type(16), aligned(4)));

#define CNK_INLINE static inline __attribute__((always_inline))

CNK_INLINE long cnk_min(long a, long b) { return a < b ? a : b; }

CNK_INLINE v8 load8(const float *p) { return *(const v8u *)p; }
CNK_INLINE void store8(v8 v, float *p) { *(v8u *)p = v; }

/// The first `count` (≤ 8) floats at p, zero-padded.
CNK_INLINE v8 load8n(const float *p, long count) {
    if (count == 8) return load8(p);
    v8 v = (v8)(0.0f);
    for (long l = 0; l < count; l++) v[l] = p[l];
    return v;
}

/// Lane 0 + lane 1 + … + lane 7, in that order (Swift's `SIMD.sum()`).
CNK_INLINE float sum8(v8 v) {
    return ((((((v[0] + v[1]) + v[2]) + v[3]) + v[4]) + v[5]) + v[6]) + v[7];
}

CNK_INLINE v8 select8(i8 mask, v8 yes, v8 no) { return (v8)((mask & (i8)yes) | (~mask & (i8)no)); }

/// Eigen's rational tanh: odd degree-13 over even degree-6, input clamped to ±7.9053 (where
/// float tanh is ±1); NaN passes through. Maximum absolute error about 3e-7.
CNK_INLINE v8 tanh8(v8 x) {
    const v8 limit = (v8)(7.90531110763549805f);
    x = select8(x > limit, limit, x);
    x = select8(x < -limit, -limit, x);
    v8 x2 = x * x;
    v8 p = (v8)(-2.76076847742355e-16f);
    p = p * x2 + 2.00018790482477e-13f;
    p = p * x2 + -8.60467152213735e-11f;
    p = p * x2 + 5.12229709037114e-08f;
    p = p * x2 + 1.48572235717979e-05f;
    p = p * x2 + 6.37261928875436e-04f;
    p = p * x2 + 4.89352455891786e-03f;
    p = p * x;
    v8 q = (v8)(1.19825839466702e-06f);
    q = q * x2 + 1.18534705686654e-04f;
    q = q * x2 + 2.26843463243900e-03f;
    q = q * x2 + 4.89352518554385e-03f;
    return p / q;
}

/// σ(x) = 0.5 + 0.5·tanh(x/2).
CNK_INLINE v8 sigmoid8(v8 x) { return 0.5f + 0.5f * tanh8(0.5f * x); }

#include "GEMMBody.h"
#include "LSTMBody.h"

static const cnk_kernels CNK_NAME(table) = {
    .name = CNK_NAME_STRING,
    .gemm = CNK_NAME(gemm),
    .gemm_nt = CNK_NAME(gemm_nt),
    .add_row_sums = CNK_NAME(add_row_sums),
    .lstm_activate = CNK_NAME(lstm_activate),
    .lstm_advance = CNK_NAME(lstm_advance),
    .lstm_gradients = CNK_NAME(lstm_gradients),
    .adam = CNK_NAME(adam),
};

const cnk_kernels *CNK_NAME(kernels)(void) { return &CNK_NAME(table); }
