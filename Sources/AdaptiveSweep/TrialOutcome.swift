import ReLUCore
import SweepModel

/// What one trial of an adaptive sweep contributes to its cell.
public enum TrialOutcome: Hashable, Sendable {
    /// The metric holds (collapsed, diverged, deadFraction >= x, ...).
    case yes
    case no
    /// Failed for good (no metrics): counted as unknown, so it widens the cell's interval.
    case failed

    /// A result record's outcome under `metric`; a record without metrics failed.
    public init(_ record: TrialRecord, metric: AdaptiveMetric) {
        self.init(metrics: record.metrics, metric: metric)
    }

    /// A stored trial's outcome under `metric`: nil metrics means it failed for good.
    public init(metrics: TrialMetrics?, metric: AdaptiveMetric) {
        if let m = metrics { self = metric.outcome(m) ? .yes : .no } else { self = .failed }
    }
}
