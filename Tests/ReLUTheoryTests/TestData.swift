import Foundation
@testable import ReLUTheory

/// Small deterministic 1-D data sets for the single-ReLU tests.
enum TestData {
    /// relu1d-like: x spread over [-1.6, 1.6], targets max(0, x) centered (so some are
    /// negative) and multiplied by `scale`, plus a little deterministic wiggle.
    static func relu(count: Int = 40, scale: Double = 1) -> (x: [Double], y: [Double]) {
        var x: [Double] = [], y: [Double] = []
        for i in 0..<count {
            let xi = 1.6 * sin(1.7 * Double(i) + 0.3)
            x.append(xi)
            y.append(scale * (max(0, xi) - 0.5 + 0.05 * cos(3.1 * Double(i))))
        }
        return (x, y)
    }

    static func surface(count: Int = 40, scale: Double = 1) -> SingleReLUSurface {
        let d = relu(count: count, scale: scale)
        return try! SingleReLUSurface(x: d.x, y: d.y)
    }

    /// A deterministic stream of numbers in [-1, 1].
    struct Numbers {
        var state: UInt64
        init(seed: UInt64) { state = seed &* 6364136223846793005 &+ 1442695040888963407 }
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
    }
}

extension TestData {
    /// A 1-D data set as the training core draws it: x ~ U[-1, 1], y = target(x), then x and y
    /// standardized on the sample (population variance), y times `targetStd`.
    static func uniform(count: Int = 1024, seed: UInt64 = 1, targetStd: Double = 1, _ target: (Double) -> Double) -> (x: [Double], y: [Double]) {
        var rng = SplitMix64(seed: seed)
        let raw = (0..<count).map { _ in 2 * rng.nextUniform() - 1 }
        let ys = raw.map(target)
        func standardized(_ v: [Double]) -> [Double] {
            let m = v.reduce(0, +) / Double(v.count)
            let s = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)).squareRoot()
            return v.map { ($0 - m) / s }
        }
        return (standardized(raw), standardized(ys).map { $0 * targetStd })
    }

    /// relu1d: y = max(0, x).
    static func relu1d(count: Int = 1024, seed: UInt64 = 1, targetStd: Double = 1) -> (x: [Double], y: [Double]) {
        uniform(count: count, seed: seed, targetStd: targetStd) { max(0, $0) }
    }

    /// zigzag1d: y = x - 2 max(0, x) + 2 max(0, x - 1/2).
    static func zigzag1d(count: Int = 1024, seed: UInt64 = 1) -> (x: [Double], y: [Double]) {
        uniform(count: count, seed: seed) { $0 - 2 * max(0, $0) + 2 * max(0, $0 - 0.5) }
    }
}
