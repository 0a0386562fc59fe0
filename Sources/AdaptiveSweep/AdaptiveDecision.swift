import ReLUCore
import SweepModel

/// What an adaptive sweep has decided, given the outcomes so far (`AdaptivePlanner.plan`).
public struct AdaptiveDecision: Sendable {
    /// The refined axes, in refine.axes order (empty without refine), and their spacing.
    public let refinedAxes: [ConfigKey]
    public let spacings: [AxisSpacing]
    /// The values of the grid's other dimensions per facet (`AdaptiveCellKey.facet`).
    public let facets: [[ConfigKey: ConfigValue]]
    /// Every cell so far, by round, then facet, then position.
    public let cells: [AdaptiveCell]
    /// The leaves of every facet's refinement (empty without refine).
    public let leaves: [AdaptiveBox]
    /// `refine.rounds` (0 without refine).
    public let rounds: Int
    /// The most trials the sweep can still end with: settled cells' seeds, `maxSeeds` for each
    /// running cell and for each cell undecided boxes could add.
    public let maxTrials: Int
    /// The same grid at its finest resolution, every cell at `maxSeeds`.
    public let fullGridTrials: Int

    /// Every cell settled: nothing more will be added.
    public var isFinished: Bool { cells.allSatisfy(\.tally.isSettled) }

    /// The latest round that has cells.
    public var round: Int { cells.last?.round ?? 0 }

    /// Trials the sweep has (all cells' issued seeds).
    public var trialCount: Int { cells.reduce(0) { $0 + $1.tally.seedsIssued } }

    /// Every trial of the sweep so far, cell by cell (round, facet, position), seed by seed.
    public var trials: [Trial] { cells.flatMap(\.trials) }

    /// The trials this decision has that `previous` (an earlier decision of the same sweep)
    /// did not: what to add to the store. With nil, every trial.
    public func newTrials(since previous: AdaptiveDecision?) -> [Trial] {
        guard let previous else { return trials }
        var had: [AdaptiveCellKey: Int] = [:]
        for c in previous.cells { had[c.key] = c.tally.seedsIssued }
        return cells.flatMap { c in
            (min(had[c.key] ?? 0, c.tally.seedsIssued)..<c.tally.seedsIssued).map { Trial(config: c.config(seed: $0)) }
        }
    }

    /// Cells per round: (round, cells, settled, trials).
    public var roundSummaries: [(round: Int, cells: Int, settled: Int, trials: Int)] {
        (0...rounds).compactMap { r in
            let inRound = cells.filter { $0.round == r }
            guard !inRound.isEmpty else { return nil }
            return (r, inRound.count, inRound.filter(\.tally.isSettled).count, inRound.reduce(0) { $0 + $1.tally.seedsIssued })
        }
    }
}
