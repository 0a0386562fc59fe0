import Foundation
import ReLUCore
import ReLUTheory
import SweepModel
import Testing
import TestSupport
@testable import TheoryFigures

/// The born-dead theory against our own initialization, and P5's born-dead table.
@Suite struct BornDeadFigureTests {
    static func config(width: Int, depth: Int, seed: Int) -> TrialConfig {
        var c = TrialConfig()
        c.model = .mlp
        c.dataset = .teacher
        c.width = width
        c.depth = depth
        c.seed = seed
        c.steps = 0
        c.nTrain = 256
        c.nTest = 0
        return c
    }

    @Test("the training core's He init collapses as often as bias-free networks drawn by the theory's Monte Carlo",
          arguments: [(2, 4), (3, 8)])
    func ourInitAgainstTheory(width: Int, depth: Int) throws {
        let seeds = 300
        var collapsed = 0
        for seed in 0..<seeds where try Trainer().run(Self.config(width: width, depth: depth, seed: seed)).collapsedInit {
            collapsed += 1
        }
        let data = try Dataset.make(for: Self.config(width: width, depth: depth, seed: 0))
        let inputs = (0..<data.trainCount).map { i in (0..<data.inputDim).map { Double(data.xTrain[i * data.inputDim + $0]) } }
        let draws = 4000
        let mc = try BornDeadSimulation(inputs: inputs, width: width, depth: depth, draws: draws, seed: 77)
        let theory = try BornDeadProbability(width: width, depth: depth)
        let measured = Double(collapsed) / Double(seeds)
        let p = mc.collapsedFraction
        let se = (max(p * (1 - p), 1e-3) * (1 / Double(seeds) + 1 / Double(draws))).squareRoot()
        #expect(abs(measured - p) < 4.5 * se, "width \(width) depth \(depth): init \(measured) vs Monte Carlo \(p)")
        // Both inside the data-set bounds (4.5 standard errors of slack for the sampled ones).
        #expect(p >= theory.dataSetLowerBound - 4.5 * se && p <= theory.dataSetUpperBound + 4.5 * se)
        #expect(measured >= theory.dataSetLowerBound - 4.5 * se && measured <= theory.dataSetUpperBound + 4.5 * se)
        // Not a vacuous agreement: at these sizes collapse is common.
        #expect(collapsed > 20)
    }

    @Test("the table counts distinct seeds, not the paired configs that share an init")
    func tableCountsSeeds() throws {
        var records: [TrialRecord] = []
        for seed in 0..<10 {
            for optimizer in [OptimizerKind.sgd, .adam] {
                for model in [ModelKind.mlp, .resmlp] {
                    var r = TestRecords.record(nil, depth: 4, seed: seed, optimizer: optimizer)
                    r.config.model = model
                    r.config.width = 2
                    r.config.dataset = .teacher
                    r.config.nTrain = 64
                    r.metrics?.collapsedInit = model == .mlp && seed < 3
                    records.append(r)
                }
            }
        }
        let figure = try BornDeadFigure(records: records, monteCarloDraws: 500)
        #expect(figure.rows.count == 2)
        let mlp = try #require(figure.rows.first { $0.model == "mlp" })
        #expect(mlp.n == 10 && mlp.collapsedInit == 3 && mlp.fraction == 0.3)
        #expect(abs(mlp.theoryUpper - (1 - pow(0.75, 3))) < 1e-15)
        #expect(mlp.monteCarlo != nil && mlp.monteCarloDraws == 500)
        let res = try #require(figure.rows.first { $0.model == "resmlp" })
        #expect(res.n == 10 && res.collapsedInit == 0 && res.monteCarlo == nil)
        #expect(figure.markdown().contains("| mlp | 2 | 4 | 0.300 ["))
        #expect(figure.svg.contains("width=2"))
        #expect(throws: TheoryFigureError.self) { try BornDeadFigure(records: []) }
    }
}
