// Optimizer updates: elementwise Float arithmetic with no fused operations (this target is
// compiled with -ffp-contract=off), each element the same IEEE operations in the same order as
// the Swift optimizers documented in Sources/ReLUCore/Optim, so every variant gives bitwise
// identical parameters. The scalar loops are the reference; the AVX2 bodies do the same per
// lane, eight elements at a time.
#include "KernelTable.h"
#include <math.h>

#define RK_SGD(I) p[I] = p[I] - lr * g[I]
#define RK_HEAVY_BALL(I) \
    do { v[I] = momentum * v[I] + g[I]; p[I] = p[I] - lr * v[I]; } while (0)
#define RK_NESTEROV(I) \
    do { v[I] = momentum * v[I] + g[I]; p[I] = p[I] - lr * (g[I] + momentum * v[I]); } while (0)
#define RK_ADAM(I) \
    do { \
        m[I] = s->beta1 * m[I] + s->oneMinusBeta1 * g[I]; \
        v[I] = s->beta2 * v[I] + s->oneMinusBeta2 * (g[I] * g[I]); \
        const float denom = sqrtf(v[I]) / s->correction2 + s->eps; \
        p[I] = p[I] - s->stepSize * (m[I] / denom); \
    } while (0)

void rk_sgd_portable(int64_t n, float *restrict p, const float *restrict g, float lr) {
    for (int64_t i = 0; i < n; i++) RK_SGD(i);
}

void rk_heavy_ball_portable(int64_t n, float *restrict p, float *restrict v, const float *restrict g,
                            float lr, float momentum) {
    for (int64_t i = 0; i < n; i++) RK_HEAVY_BALL(i);
}

void rk_nesterov_portable(int64_t n, float *restrict p, float *restrict v, const float *restrict g,
                          float lr, float momentum) {
    for (int64_t i = 0; i < n; i++) RK_NESTEROV(i);
}

void rk_adam_portable(int64_t n, float *restrict p, float *restrict m, float *restrict v,
                      const float *restrict g, const struct rk_adam_scalars *s) {
    for (int64_t i = 0; i < n; i++) RK_ADAM(i);
}

#if defined(__x86_64__)
#include <immintrin.h>
#define RK256 __attribute__((target("avx2,fma")))

RK256 void rk_sgd_avx2(int64_t n, float *restrict p, const float *restrict g, float lr) {
    const __m256 l = _mm256_set1_ps(lr);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(p + i, _mm256_sub_ps(_mm256_loadu_ps(p + i), _mm256_mul_ps(l, _mm256_loadu_ps(g + i))));
    for (; i < n; i++) RK_SGD(i);
}

RK256 void rk_heavy_ball_avx2(int64_t n, float *restrict p, float *restrict v, const float *restrict g,
                              float lr, float momentum) {
    const __m256 l = _mm256_set1_ps(lr), mu = _mm256_set1_ps(momentum);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 vi = _mm256_add_ps(_mm256_mul_ps(mu, _mm256_loadu_ps(v + i)), _mm256_loadu_ps(g + i));
        _mm256_storeu_ps(v + i, vi);
        _mm256_storeu_ps(p + i, _mm256_sub_ps(_mm256_loadu_ps(p + i), _mm256_mul_ps(l, vi)));
    }
    for (; i < n; i++) RK_HEAVY_BALL(i);
}

RK256 void rk_nesterov_avx2(int64_t n, float *restrict p, float *restrict v, const float *restrict g,
                            float lr, float momentum) {
    const __m256 l = _mm256_set1_ps(lr), mu = _mm256_set1_ps(momentum);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 gi = _mm256_loadu_ps(g + i);
        const __m256 vi = _mm256_add_ps(_mm256_mul_ps(mu, _mm256_loadu_ps(v + i)), gi);
        _mm256_storeu_ps(v + i, vi);
        const __m256 step = _mm256_add_ps(gi, _mm256_mul_ps(mu, vi));
        _mm256_storeu_ps(p + i, _mm256_sub_ps(_mm256_loadu_ps(p + i), _mm256_mul_ps(l, step)));
    }
    for (; i < n; i++) RK_NESTEROV(i);
}

RK256 void rk_adam_avx2(int64_t n, float *restrict p, float *restrict m, float *restrict v,
                        const float *restrict g, const struct rk_adam_scalars *s) {
    const __m256 b1 = _mm256_set1_ps(s->beta1), b2 = _mm256_set1_ps(s->beta2);
    const __m256 c1 = _mm256_set1_ps(s->oneMinusBeta1), c2 = _mm256_set1_ps(s->oneMinusBeta2);
    const __m256 corr = _mm256_set1_ps(s->correction2), eps = _mm256_set1_ps(s->eps);
    const __m256 step = _mm256_set1_ps(s->stepSize);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 gi = _mm256_loadu_ps(g + i);
        const __m256 mi = _mm256_add_ps(_mm256_mul_ps(b1, _mm256_loadu_ps(m + i)), _mm256_mul_ps(c1, gi));
        const __m256 vi = _mm256_add_ps(_mm256_mul_ps(b2, _mm256_loadu_ps(v + i)),
                                        _mm256_mul_ps(c2, _mm256_mul_ps(gi, gi)));
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
        const __m256 denom = _mm256_add_ps(_mm256_div_ps(_mm256_sqrt_ps(vi), corr), eps);
        _mm256_storeu_ps(p + i, _mm256_sub_ps(_mm256_loadu_ps(p + i), _mm256_mul_ps(step, _mm256_div_ps(mi, denom))));
    }
    for (; i < n; i++) RK_ADAM(i);
}
#endif
