// AVX-512 kernels: 6x64 register tiles (24 accumulators), masked tails. Same operation order
// per element as Portable.c.
#include "KernelTable.h"
#if defined(__x86_64__)
#include <immintrin.h>

#define RK512 __attribute__((target("avx512f,avx512dq,avx512vl,avx2,fma")))

static inline __attribute__((always_inline)) RK512 void
tile512(const int MR, const int NV, int32_t K, const float *A, int64_t rsA, int64_t csA,
        const float *B, int64_t ldB, float *C, int64_t ldC, const float *bias, int32_t accumulate,
        int32_t epilogue, const float *mask, int64_t ldMask, __mmask16 last) {
    __m512 acc[6][4];
    for (int r = 0; r < MR; r++)
        for (int v = 0; v < NV; v++) {
            const __mmask16 m = (v == NV - 1) ? last : (__mmask16)0xFFFF;
            if (bias) acc[r][v] = _mm512_set1_ps(bias[r]);
            else if (accumulate) acc[r][v] = _mm512_maskz_loadu_ps(m, C + r * ldC + 16 * v);
            else acc[r][v] = _mm512_setzero_ps();
        }
    const float *a = A;
    const float *b = B;
    for (int32_t k = 0; k < K; k++, a += csA, b += ldB) {
        __m512 bv[4];
        for (int v = 0; v < NV; v++)
            bv[v] = (v == NV - 1) ? _mm512_maskz_loadu_ps(last, b + 16 * v) : _mm512_loadu_ps(b + 16 * v);
        for (int r = 0; r < MR; r++) {
            const __m512 av = _mm512_set1_ps(a[r * rsA]);
            for (int v = 0; v < NV; v++) acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
        }
    }
    const __m512 zero = _mm512_setzero_ps();
    for (int r = 0; r < MR; r++)
        for (int v = 0; v < NV; v++) {
            const __mmask16 m = (v == NV - 1) ? last : (__mmask16)0xFFFF;
            __m512 c = acc[r][v];
            if (epilogue == RK_EPI_RELU) c = _mm512_max_ps(zero, c);
            else if (epilogue == RK_EPI_MASK) {
                const __m512 h = _mm512_maskz_loadu_ps(m, mask + r * ldMask + 16 * v);
                c = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(h, zero, _CMP_GT_OQ), c);
            }
            _mm512_mask_storeu_ps(C + r * ldC + 16 * v, m, c);
        }
}

#define RK_TILE(MR, NV) \
    tile512(MR, NV, K, A + i0 * rsA, rsA, csA, B + j0, ldB, C + i0 * ldC + j0, ldC, \
            bias ? bias + i0 : 0, accumulate, epilogue, mask ? mask + i0 * ldMask + j0 : 0, \
            ldMask, last)

#define RK_ROWS(NV) \
    switch (mr) { \
    case 6: RK_TILE(6, NV); break; case 5: RK_TILE(5, NV); break; \
    case 4: RK_TILE(4, NV); break; case 3: RK_TILE(3, NV); break; \
    case 2: RK_TILE(2, NV); break; default: RK_TILE(1, NV); break; }

RK512 void rk_gemm_avx512(int32_t M, int32_t N, int32_t K, const float *A, int64_t rsA,
                          int64_t csA, const float *B, int64_t ldB, float *C, int64_t ldC,
                          const float *bias, int32_t accumulate, int32_t epilogue,
                          const float *mask, int64_t ldMask) {
    for (int32_t j0 = 0; j0 < N; j0 += 64) {
        const int32_t nb = (N - j0 < 64) ? N - j0 : 64;
        const int32_t nv = (nb + 15) / 16;
        const int32_t rem = nb - 16 * (nv - 1);
        const __mmask16 last = (__mmask16)((rem == 16) ? 0xFFFF : ((1u << rem) - 1));
        for (int32_t i0 = 0; i0 < M; i0 += 6) {
            const int32_t mr = (M - i0 < 6) ? M - i0 : 6;
            switch (nv) {
            case 4: RK_ROWS(4); break;
            case 3: RK_ROWS(3); break;
            case 2: RK_ROWS(2); break;
            default: RK_ROWS(1); break;
            }
        }
    }
}

RK512 void rk_gemv_avx512(int32_t M, int32_t K, const float *A, int64_t ldA, const float *x,
                          float *y, int32_t accumulate) {
    for (int32_t i = 0; i < M; i++) {
        const float *row = A + i * ldA;
        __m512 acc = _mm512_setzero_ps();
        for (int32_t k0 = 0; k0 < K; k0 += 16) {
            const int32_t rem = K - k0;
            const __mmask16 m = (__mmask16)(rem >= 16 ? 0xFFFF : ((1u << rem) - 1));
            acc = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, row + k0),
                                  _mm512_maskz_loadu_ps(m, x + k0), acc);
        }
        float lane[16];
        _mm512_storeu_ps(lane, acc);
        y[i] = (accumulate ? y[i] : 0.0f) + rk_reduce16(lane);
    }
}
#endif
