import Foundation
import Testing
@testable import ReLUCore

/// The C optimizer updates (ReLUKernels/Optimizers.c) in every variant against the Swift loops
/// they replaced, bitwise: 37 parameters (four AVX2 vectors and a scalar tail), values spread
/// over many magnitudes, three steps so that the state feeds back.
@Suite(.serialized) struct OptimizerKernelsTests {
    static let count = 37

    static func values(_ seed: UInt64) -> [Float] {
        var rng = DeterministicRNG(seed: seed, streamID: 17)
        return (0..<count).map { i in Float(rng.nextNormal() * pow(10, Double(i % 7) - 3)) }
    }

    /// Runs `update` under every variant and `reference` from the same start and expects the same
    /// bits. The state is the parameters followed by `buffers` optimizer buffers.
    static func compare(buffers: Int, update: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, Int) -> Void,
                        reference: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, Int) -> Void) throws {
        let original = Kernels.active
        defer { Kernels.select(original) }
        let start = (0..<(1 + buffers)).flatMap { values(UInt64($0 + 1)) }
        let grads = (0..<3).map { values(UInt64(100 + $0)) }
        func run(_ f: (UnsafeMutablePointer<Float>, UnsafePointer<Float>, Int) -> Void) -> [UInt32] {
            var state = start
            // Second moments must start >= 0: make every buffer but the parameters non-negative.
            for i in count..<state.count { state[i] = state[i].magnitude }
            state.withUnsafeMutableBufferPointer { s in
                for (t, g) in grads.enumerated() { g.withUnsafeBufferPointer { f(s.baseAddress!, $0.baseAddress!, t) } }
            }
            return state.map(\.bitPattern)
        }
        let expected = run(reference)
        for v in Kernels.Variant.allCases where v.rawValue <= Kernels.best.rawValue {
            try #require(Kernels.select(v))
            let got = run(update)
            let wrong = zip(got, expected).filter { $0 != $1 }.count
            #expect(wrong == 0, "\(v): \(wrong) of \(got.count) values differ from the Swift reference")
        }
    }

    @Test func sgd() throws {
        let lr: Float = 0.03
        try Self.compare(buffers: 0, update: { s, g, _ in
            Kernels.sgd(count: Self.count, parameters: s, gradients: g, lr: lr)
        }, reference: { p, g, _ in
            for i in 0..<Self.count { p[i] -= lr * g[i] }
        })
    }

    @Test func heavyBall() throws {
        let lr: Float = 0.03, momentum: Float = 0.9
        try Self.compare(buffers: 1, update: { s, g, _ in
            Kernels.heavyBall(count: Self.count, parameters: s, velocity: s + Self.count, gradients: g, lr: lr, momentum: momentum)
        }, reference: { s, g, _ in
            let p = s, v = s + Self.count
            for i in 0..<Self.count {
                v[i] = momentum * v[i] + g[i]
                p[i] -= lr * v[i]
            }
        })
    }

    @Test func nesterov() throws {
        let lr: Float = 0.03, momentum: Float = 0.9
        try Self.compare(buffers: 1, update: { s, g, _ in
            Kernels.nesterov(count: Self.count, parameters: s, velocity: s + Self.count, gradients: g, lr: lr, momentum: momentum)
        }, reference: { s, g, _ in
            let p = s, v = s + Self.count
            for i in 0..<Self.count {
                v[i] = momentum * v[i] + g[i]
                p[i] -= lr * (g[i] + momentum * v[i])
            }
        })
    }

    @Test func adam() throws {
        let beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8
        func scalars(_ t: Int) -> (stepSize: Float, correction2: Float) {
            let b1 = pow(Double(beta1), Double(t + 1)), b2 = pow(Double(beta2), Double(t + 1))
            return (Float(0.001 / (1 - b1)), Float((1 - b2).squareRoot()))
        }
        try Self.compare(buffers: 2, update: { s, g, t in
            let (stepSize, correction2) = scalars(t)
            Kernels.adam(count: Self.count, parameters: s, firstMoment: s + Self.count, secondMoment: s + 2 * Self.count,
                         gradients: g, beta1: beta1, beta2: beta2, stepSize: stepSize, correction2: correction2, eps: eps)
        }, reference: { s, g, t in
            let (stepSize, correction2) = scalars(t)
            let p = s, m = s + Self.count, v = s + 2 * Self.count
            for i in 0..<Self.count {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                v[i] = beta2 * v[i] + (1 - beta2) * (g[i] * g[i])
                let denom = v[i].squareRoot() / correction2 + eps
                p[i] -= stepSize * (m[i] / denom)
            }
        })
    }
}
