// ReLUKernels: the few dense-matrix kernels the training core's hot loop needs.
//
// Why C: Swift has no per-function target features, so a portable Swift build can only use
// SSE2. These kernels are compiled several times (AVX-512, AVX2+FMA, portable) and one is chosen
// at run time from CPUID, so one binary is fast here and still runs on any x86-64 (or arm64).
//
// Determinism contract: every variant computes each output element with the same sequence of
// IEEE operations (a fused-multiply-add chain in k order; GEMV with 16 fixed lanes and a fixed
// reduction tree), so results are bitwise identical whichever variant runs.
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Epilogue applied to every output element after accumulation.
enum rk_epilogue {
    RK_EPI_NONE = 0,
    /// c = (0 > c) ? 0 : c   (the MAXPS(0, c) semantics: NaN propagates, -0 stays -0)
    RK_EPI_RELU = 1,
    /// c = (mask > 0) ? c : 0  (ReLU backward: mask holds the post-ReLU activations)
    RK_EPI_MASK = 2,
};

/// C[i][j] = epi( init(i,j) + sum_k A(i,k) * B[k][j] ) for i < M, j < N, where the sum is a
/// fused-multiply-add chain over k = 0..K-1 and init is bias[i] if bias != NULL, else C[i][j]
/// if accumulate != 0, else 0.
/// A(i,k) = A[i*rsA + k*csA] (any strides); B row k starts at B + k*ldB and is contiguous;
/// C row i starts at C + i*ldC; mask (for RK_EPI_MASK) row i starts at mask + i*ldMask.
void rk_gemm(int32_t M, int32_t N, int32_t K,
             const float *A, int64_t rsA, int64_t csA,
             const float *B, int64_t ldB,
             float *C, int64_t ldC,
             const float *bias, int32_t accumulate,
             int32_t epilogue, const float *mask, int64_t ldMask);

/// y[i] = init + reduce16(lanes) with lanes[l] = fma chain over k = l, l+16, ... of A[i][k]*x[k],
/// reduced by a fixed tree (l + l+8, then +4, +2, +1); init = y[i] if accumulate, else 0.
void rk_gemv(int32_t M, int32_t K, const float *A, int64_t ldA, const float *x,
             float *y, int32_t accumulate);

/// dst[j*ldDst + i] = src[i*ldSrc + j] for i < rows, j < cols.
void rk_transpose(int32_t rows, int32_t cols, const float *src, int64_t ldSrc,
                  float *dst, int64_t ldDst);

/// Optimizer updates over n parameters, elementwise in Float with no fused operations: each
/// element gets exactly the operations written out in Sources/ReLUCore/Optim (PyTorch's forms).
/// SGD: p -= lr g.  Heavy ball: v = momentum v + g; p -= lr v.
/// Nesterov: v = momentum v + g; p -= lr (g + momentum v).
void rk_sgd(int64_t n, float *p, const float *g, float lr);
void rk_heavy_ball(int64_t n, float *p, float *v, const float *g, float lr, float momentum);
void rk_nesterov(int64_t n, float *p, float *v, const float *g, float lr, float momentum);

/// Adam's per-step scalars: m = beta1 m + oneMinusBeta1 g; v = beta2 v + oneMinusBeta2 (g g);
/// p -= stepSize (m / (sqrt(v) / correction2 + eps)).
struct rk_adam_scalars {
    float beta1, beta2, oneMinusBeta1, oneMinusBeta2, stepSize, correction2, eps;
};
void rk_adam(int64_t n, float *p, float *m, float *v, const float *g, const struct rk_adam_scalars *s);

/// The measured float32 peak of this core in GFLOP/s: the fastest of repeated bursts (for
/// `seconds` in all) of 12 independent FMA chains in the vectors of `variant` (AVX-512: 16
/// lanes, AVX2: 8; portable: scalar multiply-add), each FMA counted as 2 FLOPs. `lanes`, when
/// not NULL, receives the vector width used (a variant this CPU cannot run falls back).
double rk_fma_peak(double seconds, int32_t variant, int32_t *lanes);

/// Kernel variants. rk_select forces one (returns 0 if this CPU cannot run it).
enum rk_variant { RK_PORTABLE = 0, RK_AVX2 = 1, RK_AVX512 = 2 };
int32_t rk_best_variant(void);
int32_t rk_active_variant(void);
int32_t rk_select(int32_t variant);
const char *rk_variant_name(int32_t variant);

#ifdef __cplusplus
}
#endif
