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
