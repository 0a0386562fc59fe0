// Internal: the variants' entry points and the shared 16-lane reduction tree.
#pragma once
#include "ReLUKernels.h"

typedef void (*rk_gemm_fn)(int32_t, int32_t, int32_t, const float *, int64_t, int64_t,
                           const float *, int64_t, float *, int64_t, const float *, int32_t,
                           int32_t, const float *, int64_t);
typedef void (*rk_transpose_fn)(int32_t, int32_t, const float *, int64_t, float *, int64_t);
typedef void (*rk_gemv_fn)(int32_t, int32_t, const float *, int64_t, const float *, float *,
                           int32_t);

typedef void (*rk_sgd_fn)(int64_t, float *, const float *, float);
typedef void (*rk_momentum_fn)(int64_t, float *, float *, const float *, float, float);
typedef void (*rk_adam_fn)(int64_t, float *, float *, float *, const float *, const struct rk_adam_scalars *);

void rk_sgd_portable(int64_t, float *, const float *, float);
void rk_heavy_ball_portable(int64_t, float *, float *, const float *, float, float);
void rk_nesterov_portable(int64_t, float *, float *, const float *, float, float);
void rk_adam_portable(int64_t, float *, float *, float *, const float *, const struct rk_adam_scalars *);
#if defined(__x86_64__)
void rk_sgd_avx2(int64_t, float *, const float *, float);
void rk_heavy_ball_avx2(int64_t, float *, float *, const float *, float, float);
void rk_nesterov_avx2(int64_t, float *, float *, const float *, float, float);
void rk_adam_avx2(int64_t, float *, float *, float *, const float *, const struct rk_adam_scalars *);
#endif

void rk_gemm_portable(int32_t, int32_t, int32_t, const float *, int64_t, int64_t, const float *,
                      int64_t, float *, int64_t, const float *, int32_t, int32_t, const float *,
                      int64_t);
void rk_gemv_portable(int32_t, int32_t, const float *, int64_t, const float *, float *, int32_t);
void rk_transpose_portable(int32_t, int32_t, const float *, int64_t, float *, int64_t);
#if defined(__x86_64__)
void rk_gemm_avx2(int32_t, int32_t, int32_t, const float *, int64_t, int64_t, const float *,
                  int64_t, float *, int64_t, const float *, int32_t, int32_t, const float *,
                  int64_t);
void rk_gemv_avx2(int32_t, int32_t, const float *, int64_t, const float *, float *, int32_t);
void rk_transpose_avx2(int32_t, int32_t, const float *, int64_t, float *, int64_t);
void rk_gemm_avx512(int32_t, int32_t, int32_t, const float *, int64_t, int64_t, const float *,
                    int64_t, float *, int64_t, const float *, int32_t, int32_t, const float *,
                    int64_t);
void rk_gemv_avx512(int32_t, int32_t, const float *, int64_t, const float *, float *, int32_t);
#endif

/// The fixed reduction tree of the GEMV contract: (l, l+8), then (l, l+4), (l, l+2), (0, 1).
static inline float rk_reduce16(const float lane[16]) {
    float s8[8], s4[4], s2[2];
    for (int l = 0; l < 8; l++) s8[l] = lane[l] + lane[l + 8];
    for (int l = 0; l < 4; l++) s4[l] = s8[l] + s8[l + 4];
    for (int l = 0; l < 2; l++) s2[l] = s4[l] + s4[l + 2];
    return s2[0] + s2[1];
}
