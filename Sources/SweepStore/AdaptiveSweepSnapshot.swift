import ReLUCore
import SweepModel

/// What the adaptive driver reads of one sweep to replay its planner: the stored grid, every
/// member trial, and the outcomes of finished trials it did not know yet.
public struct AdaptiveSweepSnapshot: Sendable {
    public var state: SweepState
    /// The grid as stored (`GridSpec.jsonText()` of the last submit).
    public var grid: String
    /// Every trial id of the sweep.
    public var members: Set<String>
    /// Finished trials not in the caller's `known` set: metrics for a done trial, nil for one
    /// failed for good.
    public var finished: [(id: String, metrics: TrialMetrics?)]
    /// The sweep's counters (pending + leased = remaining).
    public var counts: TrialCounts
}
