// AVX2+FMA kernels: 6x16 register tiles (12 accumulators), masked tails. Same operation order
// per element as Portable.c.
//
// Ten independent accumulators keep both FMA pipes busy through the FMA latency (Zen 2: 5
// cycles). Rows are therefore split evenly over the tiles (64 = 9 x 6 + 2 x 5, not 10 x 6 + 4),
// and a product of one or two rows takes 64 (32) columns per tile instead of 16.
#include "KernelTable.h"
#if defined(__x86_64__)
#include <immintrin.h>

#define RK256 __attribute__((target("avx2,fma")))

static inline __attribute__((always_inline)) RK256 __m256i rk_mask8(int32_t rem) {
    const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(rem), idx);
}

static inline __attribute__((always_inline)) RK256 void
tile256(const int MR, const int NV, const int FULL, int32_t K, const float *A, int64_t rsA, int64_t csA,
        const float *B, int64_t ldB, float *C, int64_t ldC, const float *bias, int32_t accumulate,
        int32_t epilogue, const float *mask, int64_t ldMask, __m256i last) {
    const __m256i full = _mm256_set1_epi32(-1);
    __m256 acc[6][8];
    for (int r = 0; r < MR; r++)
        for (int v = 0; v < NV; v++) {
            const __m256i m = (v == NV - 1) ? last : full;
            if (bias) acc[r][v] = _mm256_set1_ps(bias[r]);
            else if (accumulate)
                acc[r][v] = FULL ? _mm256_loadu_ps(C + r * ldC + 8 * v) : _mm256_maskload_ps(C + r * ldC + 8 * v, m);
            else acc[r][v] = _mm256_setzero_ps();
        }
    const float *a = A;
    const float *b = B;
    for (int32_t k = 0; k < K; k++, a += csA, b += ldB) {
        __m256 bv[8];
        for (int v = 0; v < NV; v++)
            bv[v] = (v == NV - 1 && !FULL) ? _mm256_maskload_ps(b + 8 * v, last) : _mm256_loadu_ps(b + 8 * v);
        for (int r = 0; r < MR; r++) {
            const __m256 av = _mm256_broadcast_ss(a + r * rsA);
            for (int v = 0; v < NV; v++) acc[r][v] = _mm256_fmadd_ps(av, bv[v], acc[r][v]);
        }
    }
    const __m256 zero = _mm256_setzero_ps();
    for (int r = 0; r < MR; r++)
        for (int v = 0; v < NV; v++) {
            const __m256i m = (v == NV - 1) ? last : full;
            __m256 c = acc[r][v];
            if (epilogue == RK_EPI_RELU) c = _mm256_max_ps(zero, c);
            else if (epilogue == RK_EPI_MASK) {
                const __m256 h = FULL ? _mm256_loadu_ps(mask + r * ldMask + 8 * v)
                                      : _mm256_maskload_ps(mask + r * ldMask + 8 * v, m);
                c = _mm256_and_ps(c, _mm256_cmp_ps(h, zero, _CMP_GT_OQ));
            }
            // Masked stores are microcoded on AMD Zen 1/2 (tens of cycles each): full tiles
            // use plain stores.
            if (FULL) _mm256_storeu_ps(C + r * ldC + 8 * v, c);
            else _mm256_maskstore_ps(C + r * ldC + 8 * v, m, c);
        }
}

#define RK_TILE(MR, NV, FULL) \
    tile256(MR, NV, FULL, K, A + i0 * rsA, rsA, csA, B + j0, ldB, C + i0 * ldC + j0, ldC, \
            bias ? bias + i0 : 0, accumulate, epilogue, mask ? mask + i0 * ldMask + j0 : 0, \
            ldMask, last)

#define RK_ROWS(NV, FULL) \
    switch (mr) { \
    case 6: RK_TILE(6, NV, FULL); break; case 5: RK_TILE(5, NV, FULL); break; \
    case 4: RK_TILE(4, NV, FULL); break; case 3: RK_TILE(3, NV, FULL); break; \
    case 2: RK_TILE(2, NV, FULL); break; default: RK_TILE(1, NV, FULL); break; }

/// One or two rows (an output layer, a first layer's weight gradient of a 1-d input): all
/// accumulators along the row, eight vectors for one row, four for two.
static inline __attribute__((always_inline)) RK256 void
wide_rows256(int32_t M, int32_t N, int32_t K, const float *A, int64_t rsA, int64_t csA, const float *B,
             int64_t ldB, float *C, int64_t ldC, const float *bias, int32_t accumulate, int32_t epilogue,
             const float *mask, int64_t ldMask) {
    const int32_t width = M == 1 ? 64 : 32;
    const int32_t i0 = 0;
    const __m256i last = _mm256_set1_epi32(-1);
    int32_t j0 = 0;
    for (; j0 + width <= N; j0 += width) {
        if (M == 1) RK_TILE(1, 8, 1);
        else RK_TILE(2, 4, 1);
    }
    // The rest of the row in the usual 16-column tiles.
    if (j0 < N)
        rk_gemm_avx2(M, N - j0, K, A, rsA, csA, B + j0, ldB, C + j0, ldC, bias, accumulate, epilogue,
                     mask ? mask + j0 : 0, ldMask);
}

RK256 void rk_gemm_avx2(int32_t M, int32_t N, int32_t K, const float *A, int64_t rsA, int64_t csA,
                        const float *B, int64_t ldB, float *C, int64_t ldC, const float *bias,
                        int32_t accumulate, int32_t epilogue, const float *mask, int64_t ldMask) {
    if (M <= 2 && N >= (M == 1 ? 64 : 32)) {
        wide_rows256(M, N, K, A, rsA, csA, B, ldB, C, ldC, bias, accumulate, epilogue, mask, ldMask);
        return;
    }
    const int32_t tiles = (M + 5) / 6;
    for (int32_t j0 = 0; j0 < N; j0 += 16) {
        const int32_t nb = (N - j0 < 16) ? N - j0 : 16;
        const int32_t nv = (nb + 7) / 8;
        const __m256i last = rk_mask8(nb - 8 * (nv - 1));
        for (int32_t t = 0, i0 = 0; t < tiles; t++) {
            // The remaining rows shared evenly by the remaining tiles (rounded up).
            const int32_t mr = (M - i0 + (tiles - t) - 1) / (tiles - t);
            if (nb == 16) { RK_ROWS(2, 1); }
            else if (nb == 8) { RK_ROWS(1, 1); }
            else if (nv == 2) { RK_ROWS(2, 0); }
            else { RK_ROWS(1, 0); }
            i0 += mr;
        }
    }
}

RK256 void rk_gemv_avx2(int32_t M, int32_t K, const float *A, int64_t ldA, const float *x,
                        float *y, int32_t accumulate) {
    for (int32_t i = 0; i < M; i++) {
        const float *row = A + i * ldA;
        __m256 lo = _mm256_setzero_ps(), hi = _mm256_setzero_ps();  // lanes 0-7 and 8-15
        for (int32_t k0 = 0; k0 < K; k0 += 16) {
            const __m256i m0 = rk_mask8(K - k0), m1 = rk_mask8(K - k0 - 8);
            lo = _mm256_fmadd_ps(_mm256_maskload_ps(row + k0, m0), _mm256_maskload_ps(x + k0, m0), lo);
            hi = _mm256_fmadd_ps(_mm256_maskload_ps(row + k0 + 8, m1),
                                 _mm256_maskload_ps(x + k0 + 8, m1), hi);
        }
        float lane[16];
        _mm256_storeu_ps(lane, lo);
        _mm256_storeu_ps(lane + 8, hi);
        y[i] = (accumulate ? y[i] : 0.0f) + rk_reduce16(lane);
    }
}

/// 8x8 in-register transpose (unpack, shuffle, permute): 24 shuffles per 64 floats.
static inline __attribute__((always_inline)) RK256 void
transpose8x8(const float *src, int64_t lds, float *dst, int64_t ldd) {
    __m256 r0 = _mm256_loadu_ps(src), r1 = _mm256_loadu_ps(src + lds);
    __m256 r2 = _mm256_loadu_ps(src + 2 * lds), r3 = _mm256_loadu_ps(src + 3 * lds);
    __m256 r4 = _mm256_loadu_ps(src + 4 * lds), r5 = _mm256_loadu_ps(src + 5 * lds);
    __m256 r6 = _mm256_loadu_ps(src + 6 * lds), r7 = _mm256_loadu_ps(src + 7 * lds);
    const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    const __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    const __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    const __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    const __m256 u0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 u1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
    const __m256 u2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 u3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
    const __m256 u4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 u5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
    const __m256 u6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
    const __m256 u7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
    _mm256_storeu_ps(dst, _mm256_permute2f128_ps(u0, u4, 0x20));
    _mm256_storeu_ps(dst + ldd, _mm256_permute2f128_ps(u1, u5, 0x20));
    _mm256_storeu_ps(dst + 2 * ldd, _mm256_permute2f128_ps(u2, u6, 0x20));
    _mm256_storeu_ps(dst + 3 * ldd, _mm256_permute2f128_ps(u3, u7, 0x20));
    _mm256_storeu_ps(dst + 4 * ldd, _mm256_permute2f128_ps(u0, u4, 0x31));
    _mm256_storeu_ps(dst + 5 * ldd, _mm256_permute2f128_ps(u1, u5, 0x31));
    _mm256_storeu_ps(dst + 6 * ldd, _mm256_permute2f128_ps(u2, u6, 0x31));
    _mm256_storeu_ps(dst + 7 * ldd, _mm256_permute2f128_ps(u3, u7, 0x31));
}

RK256 void rk_transpose_avx2(int32_t rows, int32_t cols, const float *src, int64_t ldSrc,
                             float *dst, int64_t ldDst) {
    const int32_t r8 = rows & ~7, c8 = cols & ~7;
    // Down the columns of src, so that each group of 8 rows of dst fills up line by line (across
    // the rows of src, dst's rows 1 KiB apart for width 256 evicted each other half-written).
    for (int32_t j = 0; j < c8; j += 8)
        for (int32_t i = 0; i < r8; i += 8)
            transpose8x8(src + i * ldSrc + j, ldSrc, dst + j * ldDst + i, ldDst);
    // Ragged edges: plain copies (no arithmetic, so any order gives the same result).
    for (int32_t i = 0; i < rows; i++)
        for (int32_t j = (i < r8 ? c8 : 0); j < cols; j++) dst[j * ldDst + i] = src[i * ldSrc + j];
}
#endif
