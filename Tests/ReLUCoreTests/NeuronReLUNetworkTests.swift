import Testing
@testable import ReLUCore

/// The `neuron` model v max(0, w.x + b) + c: initialization, layout, training determinism.
/// (Its gradient against finite differences is in NetworkGradientTests.)
struct NeuronReLUNetworkTests {
    @Test("He-normal w (std sqrt(2/d)) and v (std sqrt 2), zero b and c")
    func heInitialization() {
        let d = 2, draws = 4000
        var sumW = 0.0, sumW2 = 0.0, sumV = 0.0, sumV2 = 0.0
        for seed in 0..<draws {
            var rng = DeterministicRNG(seed: UInt64(seed), stream: .initialization)
            let net = NeuronReLUNetwork(inputDim: d, capacity: 1)
            net.initialize(rng: &rng)
            #expect(net.parameterCount == d + 3)
            #expect(net.parameters[d] == 0 && net.parameters[d + 2] == 0)
            for f in 0..<d {
                sumW += Double(net.parameters[f])
                sumW2 += Double(net.parameters[f] * net.parameters[f])
            }
            sumV += Double(net.parameters[d + 1])
            sumV2 += Double(net.parameters[d + 1] * net.parameters[d + 1])
        }
        let nW = Double(draws * d), nV = Double(draws)
        // Standard errors: mean sigma/sqrt(n), variance ~ sigma^2 sqrt(2/n); allow 4.5 of them.
        #expect(abs(sumW / nW) < 4.5 * (1.0 / nW).squareRoot())
        #expect(abs(sumW2 / nW - 1) < 4.5 * (2 / nW).squareRoot())
        #expect(abs(sumV / nV) < 4.5 * (2 / nV).squareRoot())
        #expect(abs(sumV2 / nV - 2) < 4.5 * 2 * (2 / nV).squareRoot())
    }

    @Test("outputInitScale multiplies v and nothing else")
    func outputScale() {
        for seed in 0..<20 {
            var a = DeterministicRNG(seed: UInt64(seed), stream: .initialization)
            var b = a
            let plain = NeuronReLUNetwork(inputDim: 3, capacity: 1)
            let scaled = NeuronReLUNetwork(inputDim: 3, capacity: 1, outputInitScale: 0.01)
            plain.initialize(rng: &a)
            scaled.initialize(rng: &b)
            for i in [0, 1, 2, 3, 5] { #expect(plain.parameters[i] == scaled.parameters[i]) }
            #expect(scaled.parameters[4] == plain.parameters[4] * 0.01)
            #expect(plain.parameters[4] != 0)
        }
    }

    @Test("a dead unit freezes w, b and v; c still learns")
    func deadUnitFreezesTheUnit() {
        let net = NeuronReLUNetwork(inputDim: 1, capacity: 4)
        // w = 1, b = -10: inactive on x in [-1, 1].
        net.parameters[0] = 1
        net.parameters[1] = -10
        net.parameters[2] = 0.7
        net.parameters[3] = 0.2
        let x: [Float] = [-1, -0.5, 0.5, 1, 1, 1, 1, 1]  // feature row, then the ones row
        let y: [Float] = [1, 2, 3, 4]
        _ = x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { net.lossAndGradient(x: xp.baseAddress!, ldX: 4, y: $0.baseAddress!, n: 4) }
        }
        #expect(net.gradients[0] == 0 && net.gradients[1] == 0 && net.gradients[2] == 0)
        // dL/dc = 2 mean(c - y) = 2 (0.2 - 2.5).
        #expect(abs(net.gradients[3] - 2 * (0.2 - 2.5)) < 1e-6)
        #expect(net.frozenPrefix(deadLayers: [true]) == 3)
        #expect(net.frozenPrefix(deadLayers: [false]) == nil)
    }

    @Test("fixed seed: two trainings agree bitwise, another seed differs, and the model learns relu1d")
    func fixedSeedDeterminism() throws {
        var c = TrialConfig()
        c.model = .neuron
        c.dataset = .relu1d
        c.optimizer = .momentum
        c.momentum = 0.9
        c.lr = 0.01
        c.steps = 2000
        c.batchSize = 0
        c.nTrain = 256
        c.nTest = 256
        c.trace = true
        c.trajectoryEvery = 100
        var learned = 0
        for seed in 0..<4 {
            c.seed = seed
            let a = try Trainer().run(c).deterministicPart
            let b = try Trainer().run(c).deterministicPart
            #expect(a == b)
            #expect(a.parameterCount == 4 && a.totalUnits == 1)
            if let mse = a.normalizedTrainMSE, mse < 0.05 { learned += 1 }
        }
        // v max(0, w x + b) + c represents relu1d exactly: seeds that start alive learn it.
        #expect(learned >= 2)
        c.seed = 0
        var other = c
        other.seed = 1
        #expect(try Trainer().run(c).trajectory != Trainer().run(other).trajectory)
    }
}
