import ReLUCore

/// A yes/no outcome of a trial that `relusweep compare` can pair (`--metric`).
public enum PairedMetric: String, Hashable, Sendable, Codable, CaseIterable {
    /// The network collapsed by the end of training.
    case collapsed
    /// Training diverged (non-finite loss).
    case diverged
    /// The network was collapsed at initialization.
    case collapsedInit

    public func outcome(_ m: TrialMetrics) -> Bool {
        switch self {
        case .collapsed: m.collapsed
        case .diverged: m.diverged
        case .collapsedInit: m.collapsedInit
        }
    }
}
