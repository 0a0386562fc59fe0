import Testing
@testable import ReLUCore

/// Each optimizer against steps worked out by hand (PyTorch's update rules), two parameters,
/// gradients g1 = (1, -2) then g2 = (2, 0.5), starting from theta = (1, 1).
struct OptimizerTests {
    static func run(_ opt: any Optimizer, grads: [[Float]]) -> [[Float]] {
        let p = FloatBuffer([1, 1])
        var path: [[Float]] = []
        for g in grads {
            g.withUnsafeBufferPointer { opt.step(parameters: p.pointer, gradients: $0.baseAddress!) }
            path.append(p.array)
        }
        return path
    }

    static let grads: [[Float]] = [[1, -2], [2, 0.5]]

    static func close(_ a: [Float], _ b: [Double], tol: Double = 1e-6) -> Bool {
        zip(a, b).allSatisfy { abs(Double($0) - $1) <= tol * max(1, abs($1)) }
    }

    @Test func sgd() {
        let path = Self.run(SGD(lr: 0.1, count: 2), grads: Self.grads)
        // theta1 = 1 - 0.1 g1 = (0.9, 1.2); theta2 = theta1 - 0.1 g2 = (0.7, 1.15)
        #expect(Self.close(path[0], [0.9, 1.2]))
        #expect(Self.close(path[1], [0.7, 1.15]))
    }

    @Test func heavyBall() {
        let path = Self.run(Momentum(lr: 0.1, momentum: 0.9, nesterov: false, count: 2), grads: Self.grads)
        // v1 = g1 = (1, -2): theta1 = (0.9, 1.2)
        // v2 = 0.9 v1 + g2 = (2.9, -1.3): theta2 = (0.9 - 0.29, 1.2 + 0.13) = (0.61, 1.33)
        #expect(Self.close(path[0], [0.9, 1.2]))
        #expect(Self.close(path[1], [0.61, 1.33]))
    }

    @Test func nesterov() {
        let path = Self.run(Momentum(lr: 0.1, momentum: 0.9, nesterov: true, count: 2), grads: Self.grads)
        // v1 = (1, -2); step = g1 + 0.9 v1 = (1.9, -3.8): theta1 = (0.81, 1.38)
        // v2 = (2.9, -1.3); step = g2 + 0.9 v2 = (4.61, -0.67): theta2 = (0.349, 1.447)
        #expect(Self.close(path[0], [0.81, 1.38]))
        #expect(Self.close(path[1], [0.349, 1.447]))
    }

    @Test func adam() {
        let path = Self.run(Adam(lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, count: 2), grads: Self.grads)
        // t=1: m = 0.1 g1, v = 0.001 g1^2, mhat = g1, sqrt(vhat) = |g1|: theta1 = 1 - 0.1 sign(g1)
        //      (exactly: 0.1 * g / (|g| + 1e-8))
        let first: [Double] = [1 - 0.1 / (1 + 1e-8), 1 + 0.2 / (2 + 1e-8)]
        #expect(Self.close(path[0], first))
        // t=2, first coordinate: m = 0.09 + 0.2 = 0.29, v = 0.000999 + 0.004 = 0.004999;
        //   step size 0.1 / (1 - 0.81) = 0.526316; denom = sqrt(0.004999) / sqrt(1 - 0.998001) + 1e-8
        //   = 0.0707037 / 0.0447102 = 1.581377; update = 0.526316 * 0.29 / 1.581377 = 0.096519
        // second coordinate: m = -0.18 + 0.05 = -0.13, v = 0.003996 + 0.00025 = 0.004246;
        //   denom = 0.0651614 / 0.0447102 = 1.457417; update = 0.526316 * -0.13 / 1.457417 = -0.046947
        let second: [Double] = [0.9 - 0.096519, 1.1 + 0.046947]
        #expect(Self.close(path[1], second, tol: 2e-6))
    }

    @Test("isFrozen is exact: once it holds, zero-gradient updates never move a parameter again",
          arguments: ["momentum", "nesterov", "adam"])
    func frozenMeansFrozen(kind: String) {
        let opt: any Optimizer = switch kind {
        case "momentum": Momentum(lr: 0.05, momentum: 0.9, nesterov: false, count: 3)
        case "nesterov": Momentum(lr: 0.05, momentum: 0.9, nesterov: true, count: 3)
        default: Adam(lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8, count: 3)
        }
        let p = FloatBuffer([0.75, -1e-3, 0])
        [Float(1), -0.5, 0].withUnsafeBufferPointer { opt.step(parameters: p.pointer, gradients: $0.baseAddress!) }
        #expect(!opt.isFrozen(prefix: 2, parameters: p.pointer))
        let zero: [Float] = [0, 0, 0]
        var steps = 0
        while !opt.isFrozen(prefix: 2, parameters: p.pointer) && steps < 100_000 {
            zero.withUnsafeBufferPointer { opt.step(parameters: p.pointer, gradients: $0.baseAddress!) }
            steps += 1
        }
        #expect(steps > 10 && steps < 100_000, "froze after \(steps) steps")
        let frozen = p.array
        for _ in 0..<20_000 {
            zero.withUnsafeBufferPointer { opt.step(parameters: p.pointer, gradients: $0.baseAddress!) }
        }
        #expect(p.array.map(\.bitPattern) == frozen.map(\.bitPattern))
        #expect(SGD(lr: 1, count: 1).isFrozen(prefix: 1, parameters: p.pointer))
    }
}
