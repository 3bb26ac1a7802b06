#include "include/CNeuralKernels.h"

const cnk_kernels *cnk_baseline_kernels(void);
#if defined(__x86_64__)
const cnk_kernels *cnk_avx2_kernels(void);
const cnk_kernels *cnk_avx512_kernels(void);
#endif

const cnk_kernels *cnk_kernels_for(int level) {
    switch (level) {
    case CNK_BASELINE:
        return cnk_baseline_kernels();
#if defined(__x86_64__)
    // __builtin_cpu_supports also checks that the OS saves the registers (XCR0).
    case CNK_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? cnk_avx2_kernels() : 0;
    case CNK_AVX512:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
                   ? cnk_avx512_kernels() : 0;
#endif
    default:
        return 0;
    }
}
