/// One sweep as `GET /v1/sweeps/{id}` (and each entry of `GET /v1/sweeps`) reports it.
public struct SweepStatus: Codable, Hashable, Sendable {
    /// The sweep id: its grid's name.
    public var id: String
    public var name: String
    public var description: String?
    public var state: SweepState
    public var counts: TrialCounts
    /// Number of trials (= counts.total).
    public var trials: Int
    /// Results per second received for this sweep's trials over the store's recent window.
    public var throughput: Double
    /// Seconds until every remaining trial is done at the current throughput; nil if unknown
    /// (no recent results) and 0 when nothing remains.
    public var eta: Double?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp
    public var finishedAt: Timestamp?
    /// An adaptive sweep's round and trials against the full grid (nil for a plain sweep, and
    /// from a store alone: the coordinator's planner fills it in).
    public var adaptive: AdaptiveProgress?

    public init(id: String, name: String, description: String?, state: SweepState, counts: TrialCounts, trials: Int,
                throughput: Double, eta: Double?, createdAt: Timestamp, updatedAt: Timestamp, finishedAt: Timestamp?,
                adaptive: AdaptiveProgress? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.state = state
        self.counts = counts
        self.trials = trials
        self.throughput = throughput
        self.eta = eta
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
        self.adaptive = adaptive
    }
}
