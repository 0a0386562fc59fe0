import ReLUCore

/// The training-core workloads of the performance issues. W is the reference: teacher d=4,
/// mlp width 64 depth 4, batch 64, momentum 0.9, lr 1e-3, 2,000 steps.
struct CoreWorkload: Sendable {
    let name: String
    let width: Int
    let depth: Int
    let steps: Int

    static let all = [
        CoreWorkload(name: "W", width: 64, depth: 4, steps: 2000),
        CoreWorkload(name: "small", width: 16, depth: 2, steps: 2000),
        CoreWorkload(name: "large", width: 256, depth: 8, steps: 2000),
    ]

    static func named(_ name: String) -> CoreWorkload? { all.first { $0.name == name } }

    func config(seed: Int) -> TrialConfig {
        var c = TrialConfig()
        c.model = .mlp
        c.dataset = .teacher
        c.inputDim = 4
        c.width = width
        c.depth = depth
        c.batchSize = 64
        c.optimizer = .momentum
        c.momentum = 0.9
        c.lr = 1e-3
        c.steps = steps
        c.seed = seed
        return c
    }

    /// FLOPs of one training step, counted as 2*m*n*k per matrix product: forward, weight
    /// gradients, and input gradients of every layer but the first (biases excluded). The peer
    /// scripts (Benchmarks/peers) use the same formula.
    var flopsPerStep: Double {
        let batch = 64.0
        var sum = 0.0
        var first = 0.0
        var fanIn = 4.0
        for l in 0...depth {
            let fanOut = l == depth ? 1.0 : Double(width)
            if l == 0 { first = fanIn * fanOut }
            sum += fanIn * fanOut
            fanIn = fanOut
        }
        return 2 * batch * (sum + sum + (sum - first))
    }
}
