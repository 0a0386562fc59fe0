import Foundation
import ReLUCore
import SweepModel
import Testing
import TestSupport
@testable import AdaptiveSweep

/// The trials an adaptive sweep ends with are a function of the grid and the trials' results:
/// not of the order results arrive in, nor of which planner instance decides.
@Suite struct DeterminismTests {
    static let grid = """
        name: determinism
        base: { model: single, dataset: relu1d, optimizer: momentum, lr: 0.05, steps: 3000, batchSize: 0 }
        axes:
          targetStd: logspace(-4, 1, 6)
          momentum: [0, 0.245, 0.49, 0.735, 0.98]
        adaptive:
          seeds: {min: 8, max: 120, halfWidth: 0.08}
          level: 0.75
          refine: {axes: [targetStd, momentum], rounds: 2}
        """

    static func planner() throws -> AdaptivePlanner {
        try AdaptivePlanner(grid: GridSpec.parse(grid, file: "determinism.yaml"))
    }

    @Test func shuffledArrivalEndsWithTheSameTrialsAndTable() throws {
        var rng = SeededRandom.forTest()
        let sweep = SyntheticSweep(seed: rng.next(), probability: SyntheticSweep.p2Like())
        let reference = sweep.runToTheEnd(try Self.planner())
        let referenceIds = Set(reference.decision.cells.flatMap(\.trialIds))
        print("reference: \(referenceIds.count) trials, \(reference.decision.cells.count) cells, \(reference.plans) plans")

        for run in 0..<3 {
            let planner = try Self.planner()
            var outcomes: [String: TrialOutcome] = [:]
            var configs: [String: TrialConfig] = [:]
            var plans = 0
            var decision = planner.plan(outcomes: outcomes)
            while plans < 3000 {
                plans += 1
                var pending: [String] = []
                for c in decision.cells {
                    for (seed, id) in c.trialIds.enumerated() {
                        #expect(referenceIds.contains(id), "run \(run): a trial the complete run never added")
                        if outcomes[id] == nil { pending.append(id); configs[id] = c.config(seed: seed) }
                    }
                }
                if pending.isEmpty { break }
                // A random part of what is out comes back, in random order.
                let back = pending.shuffled(using: &rng).prefix(Int.random(in: 1...max(1, pending.count / 2), using: &rng))
                for id in back { outcomes[id] = sweep.outcome((id, configs[id]!)) }
                decision = planner.plan(outcomes: outcomes)
            }
            print("run \(run): \(plans) plans")
            #expect(decision.isFinished)
            #expect(decision.cells == reference.decision.cells, "run \(run): the cells and tallies differ")
            #expect(decision.leaves == reference.decision.leaves)
            #expect(Set(outcomes.keys) == referenceIds)
        }
    }

    /// A coordinator killed mid-sweep and started again decides exactly what the old one would.
    @Test func aNewPlannerContinuesExactly() throws {
        var rng = SeededRandom.forTest()
        let sweep = SyntheticSweep(seed: rng.next(), probability: SyntheticSweep.p2Like())
        let old = try Self.planner()
        var outcomes: [String: TrialOutcome] = [:]
        // Half the trials of three rounds of planning come back.
        for _ in 0..<3 {
            let d = old.plan(outcomes: outcomes)
            for c in d.cells {
                for (seed, id) in c.trialIds.enumerated() where outcomes[id] == nil && Bool.random(using: &rng) {
                    outcomes[id] = sweep.outcome((id, c.config(seed: seed)))
                }
            }
        }
        let before = old.plan(outcomes: outcomes)
        let restarted = try Self.planner().plan(outcomes: outcomes)
        #expect(restarted.cells == before.cells && restarted.leaves == before.leaves && restarted.maxTrials == before.maxTrials)
        #expect(!before.isFinished && before.trialCount > 0)
    }

    @Test func roundZeroIsTheGridsOwnTrialsAndTheBoundIsTheFullGrid() throws {
        let grid = try GridSpec.load(path: Self.repository("grids/p2-adaptive.yaml"))
        let planner = try AdaptivePlanner(grid: grid)
        let d = planner.plan(outcomes: [:])
        #expect(Set(d.cells.flatMap(\.trialIds)) == Set(try grid.trials().map(\.id)))
        #expect(d.trialCount == grid.trialCount && d.trialCount == 30 * 16)
        #expect(d.round == 0 && !d.isFinished)
        #expect(planner.fullGridTrials == 41 * 33 * 400)
        #expect(d.maxTrials == planner.fullGridTrials)
        #expect(Set(d.trials.map(\.id)) == Set(d.cells.flatMap(\.trialIds)))
        #expect(d.newTrials(since: nil).count == 480 && d.newTrials(since: d).isEmpty)
    }

    /// A refined value equal to a value of another grid gives the same trials (ids hash configs).
    @Test func aRefinedCellEqualToAPlainTrialReusesIt() throws {
        let adaptive = try AdaptivePlanner(grid: GridSpec.parse("""
            name: a
            base: { targetStd: 1 }
            axes: { momentum: [0, 0.245] }
            adaptive: { seeds: {min: 4, max: 4}, level: 0.5, refine: {axes: [momentum], rounds: 1} }
            """, file: "a.yaml"))
        let plain = try GridSpec.parse("name: p\nbase: { targetStd: 1 }\naxes: { momentum: [0.1225] }\nseeds: 4\n", file: "p.yaml")
        // Momentum 0 never dies, 0.245 always: the pair straddles 0.5 and gets its midpoint.
        let sweep = SyntheticSweep(seed: 1, probability: { $0.momentum > 0.2 ? 1 : 0 })
        let d = sweep.runToTheEnd(adaptive).decision
        let mid = try #require(d.cells.first { $0.round == 1 })
        #expect(mid.config.momentum == 0.1225)
        #expect(mid.trialIds == (try plain.trials().map(\.id)))
    }

    static func repository(_ path: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(path).path
    }
}
