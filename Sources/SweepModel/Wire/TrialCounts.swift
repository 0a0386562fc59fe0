/// Trials of a sweep by state (`counts` in status JSON).
public struct TrialCounts: Codable, Hashable, Sendable {
    public var pending: Int
    public var leased: Int
    public var done: Int
    public var failed: Int

    public init(pending: Int = 0, leased: Int = 0, done: Int = 0, failed: Int = 0) {
        self.pending = pending
        self.leased = leased
        self.done = done
        self.failed = failed
    }

    public var total: Int { pending + leased + done + failed }
    /// Trials that still need work.
    public var remaining: Int { pending + leased }
}
