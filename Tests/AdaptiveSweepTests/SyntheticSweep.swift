import Foundation
import ReLUCore
import SweepModel
import TestSupport
@testable import AdaptiveSweep

/// A simulated sweep: each trial's outcome is a Bernoulli draw with a known probability of its
/// config, and the draw is a function of the trial id and a run seed (the same trial gives the
/// same outcome however often it is asked for, as a real result would).
struct SyntheticSweep {
    var seed: UInt64
    /// P(yes) of a config.
    var probability: @Sendable (TrialConfig) -> Double

    func outcome(_ trial: (id: String, config: TrialConfig)) -> TrialOutcome {
        var rng = SeededRandom(state: UInt64(trial.id.prefix(16), radix: 16)! ^ seed)
        return Double.random(in: 0..<1, using: &rng) < probability(trial.config) ? .yes : .no
    }

    /// Runs the sweep to the end on complete information: plan, run every trial it added, plan
    /// again. Returns the final decision, the outcomes and how many plans it took.
    func runToTheEnd(_ planner: AdaptivePlanner, maxPlans: Int = 500) -> (decision: AdaptiveDecision, outcomes: [String: TrialOutcome], plans: Int) {
        var outcomes: [String: TrialOutcome] = [:]
        var plans = 0
        while true {
            let d = planner.plan(outcomes: outcomes)
            plans += 1
            var added = 0
            for c in d.cells {
                for (seed, id) in c.trialIds.enumerated() where outcomes[id] == nil {
                    outcomes[id] = outcome((id, c.config(seed: seed)))
                    added += 1
                }
            }
            if added == 0 || plans >= maxPlans { return (d, outcomes, plans) }
        }
    }

    /// A P2-like phase function over targetStd (log10 in [-4, 1]) and momentum ([0, 1)): P(dead)
    /// rises from `floor` to `ceiling` across a curved boundary (higher momentum dies at smaller
    /// targets), over `width` decades.
    static func p2Like(floor: Double = 0.03, ceiling: Double = 0.97, width: Double = 0.2) -> @Sendable (TrialConfig) -> Double {
        { c in
            let x = log10(c.targetStd)
            let boundary = 0.3 - 3.2 * c.momentum * c.momentum
            return floor + (ceiling - floor) / (1 + exp(-(x - boundary) / width))
        }
    }
}
