// Run-time selection of the kernel variant: the best the CPU (and OS) supports, or the one
// named by RELUSWEEP_KERNELS=portable|avx2|avx512 (for testing and for pinning results).
#include "KernelTable.h"
#include <stdlib.h>
#include <string.h>

static rk_gemm_fn gemm_impl = rk_gemm_portable;
static rk_gemv_fn gemv_impl = rk_gemv_portable;
static rk_transpose_fn transpose_impl = rk_transpose_portable;
static rk_sgd_fn sgd_impl = rk_sgd_portable;
static rk_momentum_fn heavy_ball_impl = rk_heavy_ball_portable;
static rk_momentum_fn nesterov_impl = rk_nesterov_portable;
static rk_adam_fn adam_impl = rk_adam_portable;
static int32_t active = RK_PORTABLE;

int32_t rk_best_variant(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl"))
        return RK_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return RK_AVX2;
#endif
    return RK_PORTABLE;
}

int32_t rk_select(int32_t variant) {
    if (variant < RK_PORTABLE || variant > rk_best_variant()) return 0;
#if defined(__x86_64__)
    if (variant == RK_AVX512) {
        gemm_impl = rk_gemm_avx512; gemv_impl = rk_gemv_avx512; transpose_impl = rk_transpose_avx2;
    } else if (variant == RK_AVX2) {
        gemm_impl = rk_gemm_avx2; gemv_impl = rk_gemv_avx2; transpose_impl = rk_transpose_avx2;
    } else
#endif
    { gemm_impl = rk_gemm_portable; gemv_impl = rk_gemv_portable; transpose_impl = rk_transpose_portable; }
#if defined(__x86_64__)
    // The optimizers are memory-bound elementwise loops: AVX2 serves the AVX-512 variant too.
    if (variant >= RK_AVX2) {
        sgd_impl = rk_sgd_avx2; heavy_ball_impl = rk_heavy_ball_avx2;
        nesterov_impl = rk_nesterov_avx2; adam_impl = rk_adam_avx2;
    } else
#endif
    {
        sgd_impl = rk_sgd_portable; heavy_ball_impl = rk_heavy_ball_portable;
        nesterov_impl = rk_nesterov_portable; adam_impl = rk_adam_portable;
    }
    active = variant;
    return 1;
}

int32_t rk_active_variant(void) { return active; }

const char *rk_variant_name(int32_t variant) {
    switch (variant) {
    case RK_AVX512: return "avx512";
    case RK_AVX2: return "avx2";
    default: return "portable";
    }
}

__attribute__((constructor)) static void rk_init(void) {
    int32_t want = rk_best_variant();
    const char *env = getenv("RELUSWEEP_KERNELS");
    if (env && *env) {
        if (strcmp(env, "portable") == 0) want = RK_PORTABLE;
        else if (strcmp(env, "avx2") == 0 && want >= RK_AVX2) want = RK_AVX2;
        else if (strcmp(env, "avx512") == 0 && want >= RK_AVX512) want = RK_AVX512;
    }
    rk_select(want);
}

void rk_gemm(int32_t M, int32_t N, int32_t K, const float *A, int64_t rsA, int64_t csA,
             const float *B, int64_t ldB, float *C, int64_t ldC, const float *bias,
             int32_t accumulate, int32_t epilogue, const float *mask, int64_t ldMask) {
    if (M <= 0 || N <= 0) return;
    gemm_impl(M, N, K, A, rsA, csA, B, ldB, C, ldC, bias, accumulate, epilogue, mask, ldMask);
}

void rk_gemv(int32_t M, int32_t K, const float *A, int64_t ldA, const float *x, float *y,
             int32_t accumulate) {
    if (M <= 0) return;
    gemv_impl(M, K, A, ldA, x, y, accumulate);
}

void rk_transpose(int32_t rows, int32_t cols, const float *src, int64_t ldSrc, float *dst,
                  int64_t ldDst) {
    transpose_impl(rows, cols, src, ldSrc, dst, ldDst);
}

void rk_sgd(int64_t n, float *p, const float *g, float lr) { sgd_impl(n, p, g, lr); }

void rk_heavy_ball(int64_t n, float *p, float *v, const float *g, float lr, float momentum) {
    heavy_ball_impl(n, p, v, g, lr, momentum);
}

void rk_nesterov(int64_t n, float *p, float *v, const float *g, float lr, float momentum) {
    nesterov_impl(n, p, v, g, lr, momentum);
}

void rk_adam(int64_t n, float *p, float *m, float *v, const float *g, const struct rk_adam_scalars *s) {
    adam_impl(n, p, m, v, g, s);
}
