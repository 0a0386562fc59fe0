/// A worker as the coordinator has seen it (keyed by the name it leases with).
public struct WorkerStatus: Codable, Hashable, Sendable {
    public var name: String
    public var host: String?
    /// Trials it trains at once (its `--slots`, as its last lease request said); for a worker
    /// that does not say (an older one), the trials it asked for in that request.
    public var slots: Int
    /// Leases it holds beyond its slots, ready to start, as its last lease request said
    /// (absent from a worker that does not say).
    public var prefetch: Int?
    /// Trials asked for in its last lease request (absent before the first one).
    public var requested: Int?
    /// Leases it holds now.
    public var leased: Int
    /// Results it delivered that were stored.
    public var done: Int
    /// Failures it reported (retry budget spent); a host failing many trials shows here.
    public var failed: Int
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp

    public init(name: String, host: String?, slots: Int, prefetch: Int? = nil, requested: Int? = nil, leased: Int, done: Int,
                failed: Int, firstSeen: Timestamp, lastSeen: Timestamp) {
        self.name = name
        self.host = host
        self.slots = slots
        self.prefetch = prefetch
        self.requested = requested
        self.leased = leased
        self.done = done
        self.failed = failed
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}
