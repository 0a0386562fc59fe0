/// A fraction of trials with its 95% Wilson interval.
public struct ProportionEstimate: Hashable, Sendable {
    public let successes: Int
    public let trials: Int

    public init(successes: Int, trials: Int) {
        self.successes = successes
        self.trials = trials
    }

    /// nil when there are no trials.
    public var fraction: Double? { trials > 0 ? Double(successes) / Double(trials) : nil }
    public var interval: ClosedRange<Double>? { WilsonInterval.interval(successes: successes, trials: trials) }
}
