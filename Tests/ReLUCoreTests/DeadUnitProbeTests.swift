import Testing
@testable import ReLUCore

/// Dead-unit and collapse detection on networks with hand-set weights.
struct DeadUnitProbeTests {
    /// 1-D inputs -1, -0.5, 0, 0.5, 1.
    static var samples: AugmentedInputs { AugmentedInputs(x: [-1, -0.5, 0, 0.5, 1], inputDim: 1, count: 5) }
    static let targets: [Float] = [0, 0, 0, 0.5, 1]

    @Test func crafted() {
        // mlp, one hidden layer of 4 units; Wt is [(1 + 1) x 4]: row 0 = weights, row 1 = biases.
        let net = DenseReLUNetwork(inputDim: 1, width: 4, depth: 1, capacity: 8)
        let weights: [Float] = [
            1, -1, 0, 1,  // w: unit 0 alive for x > 0; unit 1 alive for x < 0; unit 2 constant
            0, 0, 0, -2,  // b: unit 2 has z = 0 everywhere (dead: z <= 0); unit 3 has z = x - 2 < 0
        ]
        for (i, v) in weights.enumerated() { net.parameters[i] = v }
        for i in 0..<5 { net.parameters[8 + i] = 1 }  // output layer
        let probe = NetworkProbe.run(net, inputs: Self.samples, targets: Self.targets)
        #expect(probe.alive == [true, true, false, false])
        #expect(probe.deadFraction == 0.5)
        #expect(probe.deadFractionPerLayer == [0.5])
        #expect(!probe.collapsed(targetStd: 1))
    }

    @Test func fullyDeadLayerCollapses() {
        let net = DenseReLUNetwork(inputDim: 1, width: 2, depth: 2, capacity: 8)
        var rng = DeterministicRNG(seed: 1, stream: .initialization)
        net.initialize(rng: &rng)
        // Layer 1 (the second hidden layer): weights 0, biases -1 -> every unit dead.
        let layer1 = (1 + 1) * 2
        for i in 0..<(2 * 2) { net.parameters[layer1 + i] = 0 }
        net.parameters[layer1 + 4] = -1
        net.parameters[layer1 + 5] = -1
        let probe = NetworkProbe.run(net, inputs: Self.samples, targets: Self.targets)
        #expect(probe.deadLayers == [false, true])
        #expect(probe.collapsed(targetStd: 1e-3))
        #expect(probe.outputMin == probe.outputMax)
        #expect(net.frozenPrefix(deadLayers: probe.deadLayers) == layer1 + 6)
    }

    @Test func singleReLU() {
        let net = SingleReLUNetwork(inputDim: 1, capacity: 8)
        net.parameters[0] = 1
        net.parameters[1] = -1  // z = x - 1 <= 0 on [-1, 1]: dead, exactly 0 at x = 1
        let dead = NetworkProbe.run(net, inputs: Self.samples, targets: Self.targets)
        #expect(dead.alive == [false])
        #expect(dead.collapsed(targetStd: 1))
        net.parameters[1] = -0.9
        let alive = NetworkProbe.run(net, inputs: Self.samples, targets: Self.targets)
        #expect(alive.alive == [true])
        #expect(!alive.collapsed(targetStd: 1))
    }

    @Test("residual networks never report a frozen prefix: skip paths route around dead blocks")
    func residualNotAbsorbing() {
        let net = ResidualReLUNetwork(inputDim: 1, width: 2, depth: 2, capacity: 8)
        #expect(net.frozenPrefix(deadLayers: [true, true]) == nil)
    }
}
