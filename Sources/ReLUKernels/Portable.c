// Portable reference kernels: plain C with explicit fmaf, the semantics every variant matches.
#include "KernelTable.h"
#include <math.h>

static inline float rk_epi(float c, int32_t epilogue, const float *mrow, int32_t j) {
    if (epilogue == RK_EPI_RELU) return (0.0f > c) ? 0.0f : c;
    if (epilogue == RK_EPI_MASK) return (mrow[j] > 0.0f) ? c : 0.0f;
    return c;
}

void rk_gemm_portable(int32_t M, int32_t N, int32_t K, const float *A, int64_t rsA, int64_t csA,
                      const float *B, int64_t ldB, float *C, int64_t ldC, const float *bias,
                      int32_t accumulate, int32_t epilogue, const float *mask, int64_t ldMask) {
    for (int32_t i = 0; i < M; i++) {
        float *crow = C + i * ldC;
        const float *arow = A + i * rsA;
        const float *mrow = mask ? mask + i * ldMask : 0;
        for (int32_t j = 0; j < N; j++)
            crow[j] = bias ? bias[i] : (accumulate ? crow[j] : 0.0f);
        for (int32_t k = 0; k < K; k++) {
            const float a = arow[k * csA];
            const float *brow = B + k * ldB;
            for (int32_t j = 0; j < N; j++) crow[j] = fmaf(a, brow[j], crow[j]);
        }
        for (int32_t j = 0; j < N; j++) crow[j] = rk_epi(crow[j], epilogue, mrow, j);
    }
}

void rk_gemv_portable(int32_t M, int32_t K, const float *A, int64_t ldA, const float *x, float *y,
                      int32_t accumulate) {
    for (int32_t i = 0; i < M; i++) {
        const float *row = A + i * ldA;
        float lane[16] = {0};
        for (int32_t k0 = 0; k0 < K; k0 += 16)
            for (int32_t l = 0; l < 16; l++) {
                const int32_t k = k0 + l;
                // Zero padding past K mirrors the masked loads of the vector variants.
                lane[l] = fmaf(k < K ? row[k] : 0.0f, k < K ? x[k] : 0.0f, lane[l]);
            }
        y[i] = (accumulate ? y[i] : 0.0f) + rk_reduce16(lane);
    }
}

void rk_transpose_portable(int32_t rows, int32_t cols, const float *src, int64_t ldSrc, float *dst,
                  int64_t ldDst) {
    enum { T = 16 };
    for (int32_t i0 = 0; i0 < rows; i0 += T)
        for (int32_t j0 = 0; j0 < cols; j0 += T) {
            const int32_t ie = i0 + T < rows ? i0 + T : rows;
            const int32_t je = j0 + T < cols ? j0 + T : cols;
            for (int32_t i = i0; i < ie; i++)
                for (int32_t j = j0; j < je; j++) dst[j * ldDst + i] = src[i * ldSrc + j];
        }
}
