/// When a cell stops taking seeds (issue 14, point 1): at a look, once its interval lies wholly
/// on one side of `level` (if any), or its half-width is at most `halfWidth`, or at the last
/// look (`maxSeeds`). Looks happen only on complete batches, so a decision never depends on the
/// order in which results arrive.
public struct CellStopRule: Sendable {
    public let intervals: SequentialIntervals
    public let halfWidth: Double
    public let level: Double?

    public init(intervals: SequentialIntervals, halfWidth: Double, level: Double?) {
        self.intervals = intervals
        self.halfWidth = halfWidth
        self.level = level
    }

    public var schedule: SeedSchedule { intervals.schedule }

    /// The decision at `look` once all its seeds are back: why the cell stops, or nil to go on.
    public func stop(look: Int, successes: Int, failures: Int) -> StopReason? {
        let i = intervals.interval(look: look, successes: successes, failures: failures)
        if let level {
            if i.lower > level { return .aboveLevel }
            if i.upper < level { return .belowLevel }
        }
        if i.halfWidth <= halfWidth { return .halfWidth }
        if look >= schedule.lastLook { return .maxSeeds }
        return nil
    }

    /// Whether the cell goes on past `look` whatever its `pending` outstanding seeds turn out to
    /// be (yes, no or failed), so that its next batch can be handed out before this one is
    /// back. Sufficient, not necessary: the ends increase with the count of yes, so every
    /// completion's interval contains [lower(s + pending), upper(s + f)].
    public func goesOn(look: Int, successes: Int, failures: Int, pending: Int) -> Bool {
        guard look < schedule.lastLook else { return false }
        let lowest = intervals.lower(look: look, successes: successes + pending)
        let highest = intervals.upper(look: look, successes: successes + failures)
        if let level, lowest > level || highest < level { return false }
        return (highest - lowest) / 2 > halfWidth
    }
}
