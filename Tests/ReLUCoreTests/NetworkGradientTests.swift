import Testing
@testable import ReLUCore

/// Every model's analytic gradient (Float, through the kernels) against central finite
/// differences of an independent Double implementation of the same network.
struct NetworkGradientTests {
    /// Feature-major inputs with the ones row, as the networks take them.
    static func inputs(d: Int, n: Int, rng: inout DeterministicRNG) -> (x: [Float], y: [Float]) {
        var x = [Float](repeating: 1, count: (d + 1) * n)
        for i in 0..<(d * n) { x[i] = Float(rng.nextNormal()) }
        let y = (0..<n).map { _ in Float(rng.nextNormal()) }
        return (x, y)
    }

    /// Reference layer: out[o][j] = sum_i Wt[i][o] * h[i][j] + Wt[fanIn][o] (bias row).
    static func affine(_ p: [Double], _ offset: Int, fanIn: Int, fanOut: Int, _ h: [[Double]]) -> [[Double]] {
        let n = h[0].count
        return (0..<fanOut).map { o in
            (0..<n).map { j in
                var z = p[offset + fanIn * fanOut + o]
                for i in 0..<fanIn { z += p[offset + i * fanOut + o] * h[i][j] }
                return z
            }
        }
    }

    static func relu(_ h: [[Double]]) -> [[Double]] { h.map { $0.map { max(0, $0) } } }

    /// mean((f - y)^2) of a network given its flat parameters, in Double.
    static func referenceLoss(model: ModelKind, d: Int, width: Int, depth: Int, p: [Double], x: [Float], y: [Float]) -> Double {
        let n = y.count
        let h0 = (0..<d).map { f in (0..<n).map { Double(x[f * n + $0]) } }
        var f: [Double]
        switch model {
        case .single:
            f = (0..<n).map { j in
                var z = p[d]
                for i in 0..<d { z += p[i] * h0[i][j] }
                return max(0, z) + p[d + 1]
            }
        case .neuron:
            f = (0..<n).map { j in
                var z = p[d]
                for i in 0..<d { z += p[i] * h0[i][j] }
                return p[d + 1] * max(0, z) + p[d + 2]
            }
        case .mlp:
            var h = h0
            var offset = 0
            var fanIn = d
            for _ in 0..<depth {
                h = relu(affine(p, offset, fanIn: fanIn, fanOut: width, h))
                offset += (fanIn + 1) * width
                fanIn = width
            }
            f = affine(p, offset, fanIn: width, fanOut: 1, h)[0]
        case .resmlp:
            var h = affine(p, 0, fanIn: d, fanOut: width, h0)
            var offset = (d + 1) * width
            for _ in 0..<depth {
                let u = relu(affine(p, offset, fanIn: width, fanOut: width, h))
                offset += (width + 1) * width
                let v = affine(p, offset, fanIn: width, fanOut: width, u)
                offset += (width + 1) * width
                h = zip(h, v).map { zip($0, $1).map(+) }
            }
            f = affine(p, offset, fanIn: width, fanOut: 1, h)[0]
        }
        var loss = 0.0
        for j in 0..<n { loss += (f[j] - Double(y[j])) * (f[j] - Double(y[j])) }
        return loss / Double(n)
    }

    @Test("analytic gradients match finite differences", arguments: [
        (ModelKind.single, 1), (.single, 3), (.neuron, 1), (.mlp, 1), (.mlp, 3), (.resmlp, 1), (.resmlp, 2),
    ])
    func gradientsMatchFiniteDifferences(model: ModelKind, depth: Int) throws {
        let d = 3, width = 5, n = 11
        var rng = DeterministicRNG(seed: UInt64(depth), streamID: 42)
        var config = TrialConfig()
        config.model = model
        config.depth = depth
        config.width = width
        let net = NetworkFactory.make(config, inputDim: d, capacity: n)
        net.initialize(rng: &rng)
        // Non-zero biases too, so their gradients are exercised away from the init values.
        for i in 0..<net.parameterCount { net.parameters[i] += Float(rng.nextNormal() * 0.1) }
        let (x, y) = Self.inputs(d: d, n: n, rng: &rng)
        let loss = x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { net.lossAndGradient(x: xp.baseAddress!, ldX: n, y: $0.baseAddress!, n: n) }
        }
        let p = (0..<net.parameterCount).map { Double(net.parameters[$0]) }
        let reference = Self.referenceLoss(model: model, d: d, width: width, depth: depth, p: p, x: x, y: y)
        #expect(abs(Double(loss) - reference) <= 1e-5 * max(1, reference), "forward loss \(loss) vs \(reference)")
        let h = 1e-6
        var worst = 0.0
        for i in 0..<net.parameterCount {
            var plus = p, minus = p
            plus[i] += h
            minus[i] -= h
            let numeric = (Self.referenceLoss(model: model, d: d, width: width, depth: depth, p: plus, x: x, y: y)
                - Self.referenceLoss(model: model, d: d, width: width, depth: depth, p: minus, x: x, y: y)) / (2 * h)
            let analytic = Double(net.gradients[i])
            let error = abs(analytic - numeric) / max(1e-2, abs(numeric))
            worst = max(worst, error)
            #expect(error < 1e-3, "\(model) depth \(depth) parameter \(i): analytic \(analytic) numeric \(numeric)")
        }
        #expect(worst < 1e-3)
    }

    @Test("a wrong parameter layout would be caught: gradients are not all zero")
    func gradientsAreInformative() {
        var rng = DeterministicRNG(seed: 5, streamID: 5)
        let net = DenseReLUNetwork(inputDim: 2, width: 4, depth: 2, capacity: 8)
        net.initialize(rng: &rng)
        let (x, y) = Self.inputs(d: 2, n: 8, rng: &rng)
        _ = x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { net.lossAndGradient(x: xp.baseAddress!, ldX: 8, y: $0.baseAddress!, n: 8) }
        }
        let nonZero = (0..<net.parameterCount).filter { net.gradients[$0] != 0 }.count
        #expect(nonZero > net.parameterCount / 2)
    }
}
