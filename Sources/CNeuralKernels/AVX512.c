// The kernels for x86-64 CPUs with AVX-512 (Intel Skylake-SP, AMD Zen 4 on): fused
// multiply-adds, 16-column gemm tiles (one 16-lane register per row).
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx2,fma"))), apply_to = function)
#define CNK_NAME(x) cnk_avx512_##x
#define CNK_NAME_STRING "avx512"
#define CNK_FMA(a, b, c) __builtin_elementwise_fma(a, b, c)
#define CNK_PANEL 16
#include "KernelBody.h"
#pragma clang attribute pop
#endif
