import ReLUCore
import SweepModel

/// How many trials each cell should have, so that absent ones are reported as missing rather
/// than silently giving a smaller n. missing = max(0, expected - (trials with metrics + failed)).
/// A sweep passes its grid (`ExpectedTrials(grid:)`); `relusweep aggregate` a constant per cell.
public enum ExpectedTrials: Sendable {
    /// Every cell of the x × y × facet product expects this many trials (e.g. the grid's seeds).
    case perCell(Int)
    /// The configs of the grid (one per trial): each is counted in its cell.
    case configs([TrialConfig])
    /// The trials of a grid, counted without listing them: a grid point's trials differ only in
    /// the seed, so each point counts its replicates at once (a million trials, ten thousand points).
    case grid(GridSpec)
    /// Explicit counts per cell.
    case counts([PhaseCellKey: Int])

    /// A grid's trials as the expected ones: each trial counted in its cell, so a phase table of a
    /// sweep shows every trial not (yet) finished as missing.
    public init(grid: GridSpec) {
        self = .grid(grid)
    }

    /// Expected trials per cell of `query`; `stepValues` are the steps seen on the step axis
    /// (each expected trial should reach every traced step of its row).
    func counts(query: PhaseQuery, stepValues: Set<ConfigValue>) -> [PhaseCellKey: Int] {
        var out: [PhaseCellKey: Int] = [:]
        func count(_ config: TrialConfig, _ weight: Int) {
            let facet = query.facets.map { PhaseAccumulation.value($0, config, step: nil) }
            if query.usesStep {
                let stepIsX = query.x == ConfigAxisValues.stepKey
                let other = PhaseAccumulation.value(stepIsX ? query.y : query.x, config, step: nil)
                for step in stepValues {
                    let key = stepIsX ? PhaseCellKey(x: step, y: other, facet: facet) : PhaseCellKey(x: other, y: step, facet: facet)
                    out[key, default: 0] += weight
                }
            } else {
                let key = PhaseCellKey(x: PhaseAccumulation.value(query.x, config, step: nil),
                                       y: PhaseAccumulation.value(query.y, config, step: nil), facet: facet)
                out[key, default: 0] += weight
            }
        }
        switch self {
        case .perCell: break
        case .counts(let counts): out = counts
        case .configs(let configs): for c in configs { count(c, 1) }
        case .grid(let grid):
            let mentionsSeed = ([query.x, query.y] + query.facets).contains(ConfigKey.seed.rawValue)
            if mentionsSeed || grid.seeds == .none {
                for config in grid.lazyConfigs { count(config, 1) }
            } else {
                // Replicate 0 of every point, weighted by the number of replicates.
                for config in grid.lazyConfigs.prefix(grid.cellCount) { count(config, grid.seeds.replicates) }
            }
        }
        return out
    }
}
