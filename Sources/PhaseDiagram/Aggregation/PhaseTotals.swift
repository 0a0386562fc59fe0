/// Counts over a whole table, for the summary line under it.
public struct PhaseTotals: Hashable, Sendable, Codable {
    /// Records read from all sources (before merging).
    public var recordsRead: Int
    /// Distinct trials after merging.
    public var trials: Int
    /// Trials with metrics.
    public var withMetrics: Int
    /// Trials that failed for good.
    public var failed: Int
    /// Sum of the cells' missing counts; nil without an expectation.
    public var missing: Int?
    /// Repeated records counted once.
    public var duplicates: Int
    /// Failed records superseded by metrics for the same trial.
    public var failuresSuperseded: Int
    /// On the `step` axis: trials with metrics but no trace (not placed in any cell).
    public var withoutTrace: Int
    /// On the `step` axis: failed trials (they have no step, so no cell).
    public var failedUnplaced: Int
    /// With conditions: records left out because a condition is false, and records a condition
    /// cannot be read on (a failed trial's metrics; initSlope of a multi-unit network).
    public var excludedByCondition = 0
    public var conditionUnreadable = 0
}
