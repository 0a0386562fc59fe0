/// Monte Carlo of random bias-free ReLU networks on a set of inputs: the network-level
/// born-dead probability for a data set, where `BornDeadProbability` only bounds it.
public struct BornDeadSimulation: Hashable, Codable, Sendable {
    /// Networks drawn.
    public let draws: Int
    /// Networks whose output is zero at the first input.
    public let deadAtFirstInput: Int
    /// Networks with some hidden layer zero on every input (collapsed on the set).
    public let collapsedOnSet: Int
    /// Of those, networks whose first hidden layer alone is zero on every input.
    public let firstLayerDead: Int

    public var deadAtFirstInputFraction: Double { Double(deadAtFirstInput) / Double(draws) }
    public var collapsedFraction: Double { Double(collapsedOnSet) / Double(draws) }

    /// - Parameters:
    ///   - inputs: each a vector of the input dimension (at least one).
    ///   - width, depth: N units in each of L hidden layers, He-normal weights, no biases.
    ///   - draws: networks to draw; `seed` makes the estimate reproducible on any machine.
    public init(inputs: [[Double]], width: Int, depth: Int, draws: Int, seed: UInt64) throws(TheoryError) {
        guard let d = inputs.first?.count, d >= 1 else { throw TheoryError(argument: "inputs", "needs at least one input vector") }
        guard inputs.allSatisfy({ $0.count == d }) else { throw TheoryError(argument: "inputs", "all inputs need dimension \(d)") }
        guard width >= 1 else { throw TheoryError(argument: "width", "must be >= 1, got \(width)") }
        guard depth >= 1 else { throw TheoryError(argument: "depth", "must be >= 1, got \(depth)") }
        guard draws >= 1 else { throw TheoryError(argument: "draws", "must be >= 1, got \(draws)") }
        var rng = SplitMix64(seed: seed)
        var deadFirst = 0, collapsed = 0, firstLayer = 0
        for _ in 0..<draws {
            var h = inputs  // per input, the current layer's activations
            var anyLayerDead = false
            var fanIn = d
            for l in 0..<depth {
                let std = (2.0 / Double(fanIn)).squareRoot()
                let weights = (0..<(width * fanIn)).map { _ in rng.nextNormal() * std }
                var layerAliveOnSet = false
                h = h.map { input in
                    (0..<width).map { u in
                        var z = 0.0
                        for i in 0..<fanIn { z += weights[u * fanIn + i] * input[i] }
                        if z > 0 { layerAliveOnSet = true }
                        return max(0, z)
                    }
                }
                if !layerAliveOnSet {
                    anyLayerDead = true
                    if l == 0 { firstLayer += 1 }
                    break
                }
                fanIn = width
            }
            if anyLayerDead { collapsed += 1 }
            if anyLayerDead || h[0].allSatisfy({ $0 == 0 }) { deadFirst += 1 }
        }
        self.draws = draws
        deadAtFirstInput = deadFirst
        collapsedOnSet = collapsed
        firstLayerDead = firstLayer
    }
}
