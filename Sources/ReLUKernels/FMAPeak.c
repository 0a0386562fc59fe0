// The float32 FMA peak of the core this runs on, measured: independent chains of vector fused
// multiply-adds (12 chains: enough to cover the FMA latency on two pipes of every current x86
// core), in the widest vectors a kernel variant uses. `make bench-peers` measures it in the same
// run as the trials and prints each row's GFLOP/s as a share of it (docs/performance.md).
#include "KernelTable.h"
#include <time.h>

enum { RK_CHAINS = 12, RK_ROUNDS = 20000 };

static double rk_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

// Each burst runs RK_ROUNDS rounds of one FMA on each of RK_CHAINS independent accumulators and
// returns their sum, so that nothing can be optimized away. The portable burst is scalar
// multiply-add (two operations, since this file is compiled without contraction).
static float rk_burst_portable(float x, float y) {
    float acc[RK_CHAINS];
    for (int c = 0; c < RK_CHAINS; c++) acc[c] = (float)c;
    for (int i = 0; i < RK_ROUNDS; i++)
        for (int c = 0; c < RK_CHAINS; c++) acc[c] = acc[c] * x + y;
    float s = 0;
    for (int c = 0; c < RK_CHAINS; c++) s += acc[c];
    return s;
}

#if defined(__x86_64__)
#include <immintrin.h>
__attribute__((target("avx2,fma"))) static float rk_burst_avx2(float x, float y) {
    __m256 acc[RK_CHAINS];
    const __m256 vx = _mm256_set1_ps(x), vy = _mm256_set1_ps(y);
    for (int c = 0; c < RK_CHAINS; c++) acc[c] = _mm256_set1_ps((float)c);
    for (int i = 0; i < RK_ROUNDS; i++)
        for (int c = 0; c < RK_CHAINS; c++) acc[c] = _mm256_fmadd_ps(acc[c], vx, vy);
    __m256 s = acc[0];
    for (int c = 1; c < RK_CHAINS; c++) s = _mm256_add_ps(s, acc[c]);
    return _mm256_cvtss_f32(s);
}

__attribute__((target("avx512f"))) static float rk_burst_avx512(float x, float y) {
    __m512 acc[RK_CHAINS];
    const __m512 vx = _mm512_set1_ps(x), vy = _mm512_set1_ps(y);
    for (int c = 0; c < RK_CHAINS; c++) acc[c] = _mm512_set1_ps((float)c);
    for (int i = 0; i < RK_ROUNDS; i++)
        for (int c = 0; c < RK_CHAINS; c++) acc[c] = _mm512_fmadd_ps(acc[c], vx, vy);
    __m512 s = acc[0];
    for (int c = 1; c < RK_CHAINS; c++) s = _mm512_add_ps(s, acc[c]);
    return _mm512_reduce_add_ps(s);
}
#endif

double rk_fma_peak(double seconds, int32_t variant, int32_t *lanes) {
    int32_t width = 1;
    float (*burst)(float, float) = rk_burst_portable;
#if defined(__x86_64__)
    if (variant >= RK_AVX512 && rk_best_variant() >= RK_AVX512) {
        burst = rk_burst_avx512;
        width = 16;
    } else if (variant >= RK_AVX2 && rk_best_variant() >= RK_AVX2) {
        burst = rk_burst_avx2;
        width = 8;
    }
#endif
    if (lanes) *lanes = width;
    // The fastest burst counts: on a shared machine other programs only ever slow a burst down.
    volatile float sink = 0;
    double best = 0;
    const double end = rk_now() + seconds;
    do {
        const double t0 = rk_now();
        sink += burst(0.999f, 1e-3f);
        const double t = rk_now() - t0;
        const double gflops = 2.0 * RK_CHAINS * width * (double)RK_ROUNDS / t / 1e9;
        if (gflops > best) best = gflops;
    } while (rk_now() < end);
    (void)sink;
    return best;
}
