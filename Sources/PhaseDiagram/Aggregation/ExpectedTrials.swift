import ReLUCore

/// How many trials each cell should have, so that absent ones are reported as missing rather
/// than silently giving a smaller n. missing = max(0, expected - (trials with metrics + failed)).
/// The coordinator passes the grid's configs (or its own per-cell counts); the CLI a constant.
public enum ExpectedTrials: Sendable {
    /// Every cell of the x × y × facet product expects this many trials (e.g. the grid's seeds).
    case perCell(Int)
    /// The configs of the grid (one per trial): each is counted in its cell.
    case configs([TrialConfig])
    /// Explicit counts per cell.
    case counts([PhaseCellKey: Int])
}
