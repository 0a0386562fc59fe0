/// One cell's seeds and what they showed, after replaying the stopping rule over its results.
public struct CellTally: Hashable, Sendable {
    /// The look the cell is at (index into the schedule's looks).
    public let look: Int
    /// Seeds 0..<seedsIssued of the cell are trials of the sweep.
    public let seedsIssued: Int
    /// Over the issued seeds: yes, failed, and not yet back.
    public let successes: Int
    public let failures: Int
    public let pending: Int
    /// Why the cell stopped; nil while it takes seeds.
    public let stop: StopReason?
    /// The interval at the stopping look, or at the last complete look of a running cell (nil
    /// before its first look is complete).
    public let interval: ProportionInterval?

    public var isSettled: Bool { stop != nil }

    /// Seeds with an outcome (yes or no).
    public var observed: Int { seedsIssued - pending - failures }

    /// The fraction of yes among the observed seeds.
    public var fraction: Double? { observed > 0 ? Double(successes) / Double(observed) : nil }

    /// Replays the rule over a cell's outcomes by seed (nil: not back yet): look by look, a
    /// complete look either stops the cell or adds the next batch; an incomplete one adds the
    /// next batch early only when `goesOn` is certain. The result depends on the outcomes only,
    /// never on when they arrived.
    public static func replay(_ rule: CellStopRule, outcome: (Int) -> TrialOutcome?) -> CellTally {
        let looks = rule.schedule.looks
        var s = 0, f = 0, pending = 0
        var counted = 0
        var lastInterval: ProportionInterval?
        var look = 0
        while true {
            let n = looks[look]
            while counted < n {
                switch outcome(counted) {
                case .yes?: s += 1
                case .no?: break
                case .failed?: f += 1
                case nil: pending += 1
                }
                counted += 1
            }
            if pending == 0 {
                let interval = rule.intervals.interval(look: look, successes: s, failures: f)
                if let reason = rule.stop(look: look, successes: s, failures: f) {
                    return CellTally(look: look, seedsIssued: n, successes: s, failures: f, pending: 0, stop: reason, interval: interval)
                }
                lastInterval = interval
            } else if !rule.goesOn(look: look, successes: s, failures: f, pending: pending) {
                return CellTally(look: look, seedsIssued: n, successes: s, failures: f, pending: pending, stop: nil, interval: lastInterval)
            }
            look += 1
        }
    }
}
