/// The statistic a phase diagram colours its cells by (`--metric`).
public enum PhaseMetric: String, Codable, Sendable, CaseIterable {
    /// Fraction of trials whose network collapsed (constant output on the train inputs), with a
    /// 95% Wilson interval.
    case collapsed
    /// Mean over trials of the dead-unit fraction at the end of training, with a 95% Student-t
    /// interval clipped to [0, 1].
    case deadFraction
    /// Median over trials of the normalized test MSE (test MSE / targetStd^2; 1 = predicting the
    /// mean), with a distribution-free 95% order-statistic interval. A trial whose MSE is not
    /// finite counts as +infinity. On the `step` axis: the normalized train MSE of the trace.
    case nmse
    /// Fraction of trials that diverged (non-finite loss), with a 95% Wilson interval.
    case diverged

    /// A proportion of trials (colour scale [0, 1], Wilson interval).
    public var isProportion: Bool { self == .collapsed || self == .diverged }

    /// What the cell value is, for legends and docs.
    public var valueDescription: String {
        switch self {
        case .collapsed: "fraction of trials collapsed [95% Wilson interval]"
        case .deadFraction: "mean dead-unit fraction [95% t interval]"
        case .nmse: "median normalized MSE [95% order-statistic interval]"
        case .diverged: "fraction of trials diverged [95% Wilson interval]"
        }
    }
}
