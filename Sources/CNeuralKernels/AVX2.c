// The kernels for x86-64 CPUs with AVX2 and FMA (Intel Haswell and AMD Zen on): fused
// multiply-adds, 16-column gemm tiles (two 8-lane registers per row).
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define CNK_NAME(x) cnk_avx2_##x
#define CNK_NAME_STRING "avx2"
#define CNK_FMA(a, b, c) __builtin_elementwise_fma(a, b, c)
#define CNK_PANEL 16
#include "KernelBody.h"
#pragma clang attribute pop
#endif
