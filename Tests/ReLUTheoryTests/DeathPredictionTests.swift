import Foundation
import Testing
@testable import ReLUTheory

/// Predicted P(dead) over He-initialization quantiles.
struct DeathPredictionTests {
    @Test func normalQuantileIsTheInverseCDF() {
        #expect(abs(DeathPrediction.normalQuantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(abs(DeathPrediction.normalQuantile(0.5)) < 1e-15)
        #expect(abs(DeathPrediction.normalQuantile(0.1) + DeathPrediction.normalQuantile(0.9)) < 1e-12)
        #expect(abs(DeathPrediction.normalQuantile(0.8413447460685429) - 1) < 1e-12)
    }

    @Test func probabilityIsTheFractionOfDeadRuns() throws {
        let surface = TestData.surface(count: 100, scale: 1e-3)
        let settings = TrajectorySettings(optimizer: .momentum, lr: 0.05, momentum: 0.9, steps: 1000)
        let p = try DeathPrediction(surface: surface, settings: settings, quantiles: 8)
        #expect(p.initialW.count == 8 && zip(p.initialW, p.initialW.dropFirst()).allSatisfy { $0 < $1 })
        #expect(abs(p.initialW[0] + p.initialW[7]) < 1e-12)  // symmetric quantiles
        #expect(p.probability == Double(p.endedDead.filter { $0 }.count) / 8)
        let simulator = try TrajectorySimulator(surface: surface, settings: settings)
        for (w0, dead) in zip(p.initialW, p.endedDead) {
            #expect(simulator.run(w0: w0, b0: 0).deadAtEnd == dead)
        }
    }

    @Test func momentumRaisesPredictedDeathAtSmallTargetStd() throws {
        let surface = TestData.surface(count: 200, scale: 1e-3)
        func p(_ beta: Double) throws -> Double {
            try DeathPrediction(surface: surface, settings: TrajectorySettings(optimizer: .momentum, lr: 0.05, momentum: beta, steps: 3000),
                                quantiles: 16).probability
        }
        #expect(try p(0.9) >= p(0) + 0.3)
        #expect(throws: TheoryError.self) {
            try DeathPrediction(surface: surface, settings: TrajectorySettings(optimizer: .sgd, lr: 0.05, momentum: 0, steps: 10), quantiles: 0)
        }
    }
}
