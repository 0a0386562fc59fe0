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
    /// Explicit counts per cell.
    case counts([PhaseCellKey: Int])
}

extension ExpectedTrials {
    /// A grid's trials as the expected ones: each trial counted in its cell, so a phase table of a
    /// sweep shows every trial not (yet) finished as missing.
    public init(grid: GridSpec) {
        self = .configs((0..<grid.trialCount).map(grid.config(at:)))
    }
}
