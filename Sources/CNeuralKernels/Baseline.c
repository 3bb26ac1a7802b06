// The kernels for any CPU of the architecture (on x86-64: SSE2): products and sums rounded
// separately, 8-column gemm tiles (two 4-lane registers per row).
// 8-lane vectors are two SSE registers: the ABI note about passing them is moot, all uses are inlined.
#pragma clang diagnostic ignored "-Wpsabi"
#define CNK_NAME(x) cnk_baseline_##x
#define CNK_NAME_STRING "baseline"
#define CNK_FMA(a, b, c) ((a) * (b) + (c))
#define CNK_PANEL 8
#include "KernelBody.h"
