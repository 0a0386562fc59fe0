import ReLUKernels

/// Swift face of the C kernels (see ReLUKernels.h for the exact semantics and the determinism
/// contract). Matrices are row-major; "rows contiguous" means stride 1 along a row.
public enum Kernels {
    public enum Variant: Int32, Sendable, CaseIterable, CustomStringConvertible {
        case portable = 0, avx2 = 1, avx512 = 2
        public var description: String { String(cString: rk_variant_name(rawValue)) }
    }

    public enum Epilogue: Int32, Sendable {
        case none = 0, relu = 1, mask = 2
    }

    /// The fastest variant this CPU runs.
    public static var best: Variant { Variant(rawValue: rk_best_variant()) ?? .portable }
    /// The variant in use (RELUSWEEP_KERNELS=portable|avx2|avx512 picks one at start-up).
    public static var active: Variant { Variant(rawValue: rk_active_variant()) ?? .portable }

    /// Switches the process-wide variant; false if this CPU cannot run it. For tests and
    /// benchmarks: results are bitwise identical across variants by construction.
    @discardableResult
    public static func select(_ v: Variant) -> Bool { rk_select(v.rawValue) != 0 }

    /// C = epi(init + A * B); A(i,k) = a[i*rsA + k*csA]; B row k at b + k*ldB (contiguous);
    /// init = bias[i], else C (accumulate), else 0.
    @inline(__always)
    public static func gemm(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, rsA: Int, csA: Int,
        b: UnsafePointer<Float>, ldB: Int,
        c: UnsafeMutablePointer<Float>, ldC: Int,
        bias: UnsafePointer<Float>? = nil, accumulate: Bool = false,
        epilogue: Epilogue = .none, mask: UnsafePointer<Float>? = nil, ldMask: Int = 0
    ) {
        rk_gemm(Int32(m), Int32(n), Int32(k), a, Int64(rsA), Int64(csA), b, Int64(ldB), c, Int64(ldC),
                bias, accumulate ? 1 : 0, epilogue.rawValue, mask, Int64(ldMask))
    }

    /// y[i] = (accumulate ? y[i] : 0) + sum_k A[i][k] * x[k] in the fixed 16-lane order.
    @inline(__always)
    public static func gemv(m: Int, k: Int, a: UnsafePointer<Float>, ldA: Int, x: UnsafePointer<Float>,
                            y: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        rk_gemv(Int32(m), Int32(k), a, Int64(ldA), x, y, accumulate ? 1 : 0)
    }

    /// dst[j][i] = src[i][j].
    @inline(__always)
    public static func transpose(rows: Int, cols: Int, src: UnsafePointer<Float>, ldSrc: Int,
                                 dst: UnsafeMutablePointer<Float>, ldDst: Int) {
        rk_transpose(Int32(rows), Int32(cols), src, Int64(ldSrc), dst, Int64(ldDst))
    }

    /// SGD over `count` parameters: p -= lr g (elementwise Float, no fused operations).
    @inline(__always)
    public static func sgd(count: Int, parameters p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>,
                           lr: Float) {
        rk_sgd(Int64(count), p, g, lr)
    }

    /// Heavy ball: v = momentum v + g; p -= lr v.
    @inline(__always)
    public static func heavyBall(count: Int, parameters p: UnsafeMutablePointer<Float>, velocity v: UnsafeMutablePointer<Float>,
                                 gradients g: UnsafePointer<Float>, lr: Float, momentum: Float) {
        rk_heavy_ball(Int64(count), p, v, g, lr, momentum)
    }

    /// Nesterov: v = momentum v + g; p -= lr (g + momentum v).
    @inline(__always)
    public static func nesterov(count: Int, parameters p: UnsafeMutablePointer<Float>, velocity v: UnsafeMutablePointer<Float>,
                                gradients g: UnsafePointer<Float>, lr: Float, momentum: Float) {
        rk_nesterov(Int64(count), p, v, g, lr, momentum)
    }

    /// Adam with this step's scalars: m = beta1 m + (1 - beta1) g; v = beta2 v + (1 - beta2) g^2;
    /// p -= stepSize (m / (sqrt(v) / correction2 + eps)).
    @inline(__always)
    public static func adam(count: Int, parameters p: UnsafeMutablePointer<Float>, firstMoment m: UnsafeMutablePointer<Float>,
                            secondMoment v: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>,
                            beta1: Float, beta2: Float, stepSize: Float, correction2: Float, eps: Float) {
        var s = rk_adam_scalars(beta1: beta1, beta2: beta2, oneMinusBeta1: 1 - beta1, oneMinusBeta2: 1 - beta2,
                                stepSize: stepSize, correction2: correction2, eps: eps)
        rk_adam(Int64(count), p, m, v, g, &s)
    }

    /// The measured float32 FMA peak of the calling thread's core in the vectors of `variant`:
    /// GFLOP/s of the fastest of repeated bursts of independent FMA chains over `seconds`, and
    /// the lanes per vector. For benchmarks: the ceiling the kernels are measured against.
    public static func fmaPeak(seconds: Double, variant: Variant = active) -> (gflops: Double, lanes: Int) {
        var lanes: Int32 = 1
        let gflops = rk_fma_peak(seconds, variant.rawValue, &lanes)
        return (gflops, Int(lanes))
    }

    /// Deterministic dot product (the GEMV order): sum_k x[k] * y[k].
    @inline(__always)
    public static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        var out: Float = 0
        rk_gemv(1, Int32(count), x, Int64(count), y, &out, 0)
        return out
    }
}
