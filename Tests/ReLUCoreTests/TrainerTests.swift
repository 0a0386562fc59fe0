import Testing
@testable import ReLUCore

struct TrainerTests {
    static func config(_ edit: (inout TrialConfig) -> Void = { _ in }) -> TrialConfig {
        var c = TrialConfig()
        c.model = .mlp
        c.width = 16
        c.depth = 2
        c.steps = 200
        c.nTrain = 256
        c.nTest = 128
        c.batchSize = 32
        edit(&c)
        return c
    }

    @Test("same config twice gives identical metrics; another seed gives different ones",
          arguments: [ModelKind.single, .neuron, .mlp, .resmlp], [OptimizerKind.sgd, .momentum, .nesterov, .adam])
    func determinism(model: ModelKind, optimizer: OptimizerKind) throws {
        let c = Self.config { $0.model = model; $0.optimizer = optimizer; $0.trace = true }
        let a = try Trainer().run(c)
        let b = try Trainer().run(c)
        #expect(a.deterministicPart == b.deterministicPart)
        var other = c
        other.seed = 1
        let d = try Trainer().run(other)
        #expect(d.normalizedTrainMSE != a.normalizedTrainMSE)
    }

    @Test("every kernel variant trains to bitwise identical metrics")
    func variantsGiveIdenticalTrials() throws {
        let original = Kernels.active
        defer { Kernels.select(original) }
        let c = Self.config { $0.model = .resmlp; $0.steps = 50 }
        var results: [TrialMetrics] = []
        for v in Kernels.Variant.allCases where v.rawValue <= Kernels.best.rawValue {
            try #require(Kernels.select(v))
            results.append(try Trainer().run(c).deterministicPart)
        }
        #expect(results.allSatisfy { $0 == results[0] })
    }

    @Test("training reduces the loss on the teacher task")
    func learns() throws {
        let m = try Trainer().run(Self.config { $0.steps = 1000 })
        let initial = try #require(m.normalizedTrainMSEInit)
        let final = try #require(m.normalizedTrainMSE)
        #expect(final < 0.3 * initial)
        #expect(m.stopReason == .completed && m.stepsRun == 1000 && m.skippedSteps == 0)
    }

    @Test("a huge learning rate diverges and is reported, not thrown")
    func divergence() throws {
        let m = try Trainer().run(Self.config { $0.lr = 1e6; $0.optimizer = .sgd })
        #expect(m.diverged)
        #expect(m.stopReason == .diverged)
        // The Float loss overflowed; the final MSE (summed in Double) is absent or astronomical.
        #expect((m.normalizedTrainMSE ?? .infinity) > 1e6)
        let step = try #require(m.divergenceStep)
        #expect(m.stepsRun == step && m.skippedSteps == 200 - step)
    }

    /// C1 in miniature (paper.md): a single ReLU on relu1d with momentum 0.9 and lr 0.05 dies far
    /// more often at targetStd 1e-3 than at 1. 64 seeds each; the 95% Wilson intervals must not
    /// overlap.
    @Test("C1 smoke: small target variance kills the single ReLU")
    func smallTargetsKill() throws {
        func collapsedCount(_ sigma: Double) throws -> Int {
            var dead = 0
            for seed in 0..<64 {
                var c = TrialConfig()
                c.model = .single
                c.dataset = .relu1d
                c.optimizer = .momentum
                c.momentum = 0.9
                c.lr = 0.05
                c.steps = 3000
                c.batchSize = 0
                c.targetStd = sigma
                c.seed = seed
                if try Trainer().run(c).collapsed { dead += 1 }
            }
            return dead
        }
        let small = try collapsedCount(1e-3)
        let unit = try collapsedCount(1)
        let (smallLow, _) = wilson(small, 64)
        let (_, unitHigh) = wilson(unit, 64)
        #expect(smallLow > unitHigh, "collapsed \(small)/64 at 1e-3 vs \(unit)/64 at 1")
    }

    @Test("early stop: a collapsed plain network stops once its optimizer state upstream is at rest")
    func earlyStop() throws {
        var c = TrialConfig()
        c.model = .single
        c.dataset = .relu1d
        c.lr = 0.05
        c.steps = 3000
        c.batchSize = 0
        c.targetStd = 1e-3
        c.earlyStop = true
        var found = false
        for seed in 0..<8 {
            c.seed = seed
            let stopped = try Trainer().run(c)
            guard stopped.stopReason == .collapsed else { continue }
            found = true
            #expect(stopped.collapsed)
            #expect(stopped.skippedSteps > 0 && stopped.stepsRun + stopped.skippedSteps == 3000)
            // The same trial without early stop ends dead too, with the same dead fraction.
            var full = c
            full.earlyStop = false
            let complete = try Trainer().run(full)
            #expect(complete.collapsed && complete.deadFraction == stopped.deadFraction)
            #expect(complete.deathStep == stopped.deathStep)
        }
        #expect(found, "no seed collapsed at targetStd 1e-3")
    }

    @Test func traceAndTrajectory() throws {
        var c = Self.config { $0.trace = true }
        let m = try Trainer().run(c)
        let trace = try #require(m.trace)
        #expect(trace.first?.step == 0 && trace.last?.step == 200)
        #expect(trace.count == 21)
        #expect(m.initSlope == nil)  // mlp: no single unit
        c.model = .single
        c.dataset = .relu1d
        c.trajectoryEvery = 50
        let s = try Trainer().run(c)
        let path = try #require(s.trajectory)
        #expect(path.map(\.step) == [0, 50, 100, 150, 200])
        #expect(path[0].w.count == 1)
        // initSlope is w at step 0, also without a trajectory.
        #expect(s.initSlope == path[0].w[0])
        var plain = c
        plain.trajectoryEvery = 0
        #expect(try Trainer().run(plain).initSlope == path[0].w[0])
        c.model = .neuron
        let n = try Trainer().run(c)
        let neuronPath = try #require(n.trajectory)
        #expect(neuronPath.map(\.step) == [0, 50, 100, 150, 200])
        // Same init stream: w is drawn first in both models, so the paths start together.
        #expect(neuronPath[0] == path[0])
        #expect(n.initSlope == neuronPath[0].w[0])
        c.model = .mlp
        #expect(throws: TrainingError.self) { try Trainer().run(c) }
    }

    @Test func invalidConfigIsAnError() {
        #expect(throws: TrainingError.invalidConfig(ConfigError(key: "lr", "must be a finite number > 0, got -1.0"))) {
            try Trainer().run(Self.config { $0.lr = -1 })
        }
        #expect(throws: TrainingError.self) {
            try Trainer().run(Self.config { $0.dataset = .csv(path: "/nonexistent/file.csv") })
        }
    }

    @Test("cancellation is honoured")
    func cancel() {
        #expect(throws: TrainingError.cancelled) {
            try Trainer().run(Self.config { $0.steps = 100_000 }, shouldCancel: { true })
        }
    }
}

/// 95% Wilson score interval.
func wilson(_ k: Int, _ n: Int) -> (Double, Double) {
    let z = 1.959963984540054
    let p = Double(k) / Double(n)
    let denom = 1 + z * z / Double(n)
    let center = (p + z * z / (2 * Double(n))) / denom
    let half = z * (p * (1 - p) / Double(n) + z * z / (4 * Double(n * n))).squareRoot() / denom
    return (center - half, center + half)
}
