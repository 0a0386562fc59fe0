import ReLUKernels
import Testing
@testable import ReLUCore

/// The C kernels against a naive Double reference, and every variant against every other
/// (the determinism contract: bitwise identical results).
@Suite(.serialized) struct KernelsTests {
    struct Shape: CustomStringConvertible, Sendable {
        var m, n, k: Int
        var transposedA: Bool
        var description: String { "\(m)x\(n)x\(k)\(transposedA ? "T" : "")" }
    }

    static let shapes: [Shape] = [
        Shape(m: 1, n: 1, k: 1, transposedA: false), Shape(m: 6, n: 64, k: 65, transposedA: false),
        Shape(m: 7, n: 65, k: 3, transposedA: true), Shape(m: 13, n: 17, k: 64, transposedA: false),
        Shape(m: 65, n: 64, k: 64, transposedA: true), Shape(m: 5, n: 130, k: 1, transposedA: false),
        Shape(m: 1, n: 1024, k: 65, transposedA: true), Shape(m: 64, n: 5, k: 9, transposedA: false),
        // Rows split 6 + 5 + 5; one and two rows in wide tiles with a 16-column rest.
        Shape(m: 16, n: 64, k: 17, transposedA: false), Shape(m: 1, n: 100, k: 3, transposedA: true),
        Shape(m: 2, n: 70, k: 7, transposedA: false),
    ]

    /// Runs one gemm with the active variant. A is stored [m x k] (or [k x m] when transposed).
    static func gemm(_ s: Shape, a: [Float], b: [Float], c0: [Float], bias: [Float]?, accumulate: Bool,
                     epilogue: Kernels.Epilogue, mask: [Float]) -> [Float] {
        var c = c0
        let biasCopy = bias ?? []
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                mask.withUnsafeBufferPointer { mp in
                    biasCopy.withUnsafeBufferPointer { biasPointer in
                        c.withUnsafeMutableBufferPointer { cp in
                            Kernels.gemm(m: s.m, n: s.n, k: s.k, a: ap.baseAddress!,
                                         rsA: s.transposedA ? 1 : s.k, csA: s.transposedA ? s.m : 1,
                                         b: bp.baseAddress!, ldB: s.n + 3, c: cp.baseAddress!, ldC: s.n + 1,
                                         bias: bias == nil ? nil : biasPointer.baseAddress, accumulate: accumulate,
                                         epilogue: epilogue, mask: mp.baseAddress!, ldMask: s.n)
                        }
                    }
                }
            }
        }
        return c
    }

    static func random(_ count: Int, _ rng: inout DeterministicRNG) -> [Float] {
        (0..<count).map { _ in Float(rng.nextNormal()) }
    }

    @Test("gemm matches a Double reference", arguments: shapes)
    func gemmMatchesReference(_ s: Shape) {
        var rng = DeterministicRNG(seed: UInt64(s.m * 1000 + s.n * 10 + s.k), streamID: 99)
        let a = Self.random(s.m * s.k, &rng)
        let b = Self.random(s.k * (s.n + 3), &rng)
        let c0 = Self.random(s.m * (s.n + 1), &rng)
        let bias = Self.random(s.m, &rng)
        let mask = Self.random(s.m * s.n, &rng)
        for (useBias, accumulate, epilogue) in [(false, false, Kernels.Epilogue.none), (true, false, .relu),
                                                 (false, true, .mask), (false, true, .none)] {
            let c = Self.gemm(s, a: a, b: b, c0: c0, bias: useBias ? bias : nil, accumulate: accumulate,
                              epilogue: epilogue, mask: mask)
            var worst = 0.0
            for i in 0..<s.m {
                for j in 0..<s.n {
                    var acc = useBias ? Double(bias[i]) : (accumulate ? Double(c0[i * (s.n + 1) + j]) : 0)
                    var scale = abs(acc)
                    for k in 0..<s.k {
                        let av = Double(s.transposedA ? a[k * s.m + i] : a[i * s.k + k])
                        acc += av * Double(b[k * (s.n + 3) + j])
                        scale += abs(av * Double(b[k * (s.n + 3) + j]))
                    }
                    if epilogue == .relu { acc = max(0, acc) }
                    if epilogue == .mask && !(mask[i * s.n + j] > 0) { acc = 0 }
                    worst = max(worst, abs(Double(c[i * (s.n + 1) + j]) - acc) / max(scale, 1e-30))
                }
                // The padding column of C is never written.
                #expect(c[i * (s.n + 1) + s.n] == c0[i * (s.n + 1) + s.n])
            }
            #expect(worst < 1e-5, "shape \(s) bias \(useBias) acc \(accumulate) epi \(epilogue): rel. error \(worst)")
        }
    }

    @Test("every kernel variant gives bitwise identical results", arguments: shapes)
    func variantsAgreeBitwise(_ s: Shape) throws {
        let original = Kernels.active
        defer { Kernels.select(original) }
        var rng = DeterministicRNG(seed: 7, streamID: UInt64(s.m + s.n + s.k))
        let a = Self.random(s.m * s.k, &rng)
        let b = Self.random(s.k * (s.n + 3), &rng)
        let c0 = Self.random(s.m * (s.n + 1), &rng)
        let mask = Self.random(s.m * s.n, &rng)
        let x = Self.random(max(s.k, 1) * 3, &rng)
        var outputs: [[Float]] = []
        var gemvs: [[Float]] = []
        let runnable = Kernels.Variant.allCases.filter { $0.rawValue <= Kernels.best.rawValue }
        for v in runnable {
            try #require(Kernels.select(v))
            outputs.append(Self.gemm(s, a: a, b: b, c0: c0, bias: nil, accumulate: true, epilogue: .relu, mask: mask))
            var y = [Float](repeating: 0.5, count: s.m)
            a.withUnsafeBufferPointer { ap in
                x.withUnsafeBufferPointer { xp in
                    Kernels.gemv(m: s.m, k: s.k, a: ap.baseAddress!, ldA: s.k, x: xp.baseAddress!, y: &y, accumulate: true)
                }
            }
            gemvs.append(y)
        }
        for (v, out) in zip(runnable, outputs) {
            #expect(out.map(\.bitPattern) == outputs[0].map(\.bitPattern), "gemm \(v) differs from portable")
        }
        for (v, out) in zip(runnable, gemvs) {
            #expect(out.map(\.bitPattern) == gemvs[0].map(\.bitPattern), "gemv \(v) differs from portable")
        }
    }

    @Test("the FMA peak runs in each variant's vectors and reports a rate")
    func fmaPeak() {
        for v in Kernels.Variant.allCases where v.rawValue <= Kernels.best.rawValue {
            let peak = Kernels.fmaPeak(seconds: 0.01, variant: v)
            #expect(peak.lanes == [Kernels.Variant.portable: 1, .avx2: 8, .avx512: 16][v])
            #expect(peak.gflops.isFinite && peak.gflops > 0)
        }
    }

    @Test("gemv follows the documented 16-lane order")
    func gemvLaneOrder() {
        // Values whose sum depends on the order: the reference mirrors ReLUKernels.h exactly.
        var rng = DeterministicRNG(seed: 3, streamID: 3)
        let k = 37
        let a = (0..<k).map { _ in Float(rng.nextNormal() * 1e4) }
        let x = (0..<k).map { _ in Float(rng.nextNormal()) }
        var lanes = [Float](repeating: 0, count: 16)
        for k0 in stride(from: 0, to: k, by: 16) {
            for l in 0..<16 {
                let i = k0 + l
                lanes[l] = lanes[l].addingProduct(i < k ? a[i] : 0, i < k ? x[i] : 0)  // fused
            }
        }
        let s8 = (0..<8).map { lanes[$0] + lanes[$0 + 8] }
        let s4 = (0..<4).map { s8[$0] + s8[$0 + 4] }
        let expected = (s4[0] + s4[2]) + (s4[1] + s4[3])
        let got = a.withUnsafeBufferPointer { ap in x.withUnsafeBufferPointer { Kernels.dot(ap.baseAddress!, $0.baseAddress!, count: k) } }
        #expect(got.bitPattern == expected.bitPattern)
    }

    @Test("transpose is exact in every variant, including ragged edges", arguments: [(19, 37), (64, 16), (8, 8), (1, 9)])
    func transposeIsExact(rows: Int, cols: Int) throws {
        let original = Kernels.active
        defer { Kernels.select(original) }
        var rng = DeterministicRNG(seed: 1, streamID: 1)
        let src = Self.random(rows * cols, &rng)
        for v in Kernels.Variant.allCases where v.rawValue <= Kernels.best.rawValue {
            try #require(Kernels.select(v))
            var dst = [Float](repeating: 0, count: rows * cols)
            src.withUnsafeBufferPointer { s in
                dst.withUnsafeMutableBufferPointer { d in
                    Kernels.transpose(rows: rows, cols: cols, src: s.baseAddress!, ldSrc: cols, dst: d.baseAddress!, ldDst: rows)
                }
            }
            let wrong = (0..<rows).flatMap { i in (0..<cols).filter { j in dst[j * rows + i] != src[i * cols + j] } }
            #expect(wrong.isEmpty, "\(v): \(wrong.count) misplaced elements")
        }
    }
}
