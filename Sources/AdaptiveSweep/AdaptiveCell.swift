import ReLUCore
import SweepModel

/// One cell of an adaptive sweep as decided so far: where it is, which round added it, its
/// extent for figures and tables, and its seeds' tally.
public struct AdaptiveCell: Hashable, Sendable {
    public let key: AdaptiveCellKey
    /// 0 for the grid's own values; r for a cell first added by refinement round r.
    public let round: Int
    /// The config of the cell's trials, with seed 0 (seed i is `config(seed: i)`).
    public let config: TrialConfig
    /// The cell's extent on each refined axis: halfway to the cells of its round on either
    /// side, clipped to the grid's range (geometric halfway on a geometric axis). Cells of later
    /// rounds lie inside the extents of earlier ones: drawn coarse first, fine on top, they
    /// tile the plane.
    public let bounds: [ConfigKey: ClosedRange<Double>]
    public let tally: CellTally
    /// The ids of the cell's trials, seed by seed (seeds 0..<tally.seedsIssued).
    public let trialIds: [String]

    /// The config of the cell's trial with `seed`.
    public func config(seed: Int) -> TrialConfig {
        var c = config
        c.seed = seed
        return c
    }

    /// The cell's trials so far: seeds 0..<tally.seedsIssued.
    public var trials: [Trial] { (0..<tally.seedsIssued).map { Trial(config: config(seed: $0)) } }
}
