/// A worker as the coordinator has seen it (keyed by the name it leases with).
public struct WorkerStatus: Codable, Hashable, Sendable {
    public var name: String
    public var host: String?
    /// Slots asked for in its last lease request.
    public var slots: Int
    /// Leases it holds now.
    public var leased: Int
    /// Results it delivered that were stored.
    public var done: Int
    /// Failures it reported (retry budget spent); a host failing many trials shows here.
    public var failed: Int
    public var firstSeen: Timestamp
    public var lastSeen: Timestamp

    public init(name: String, host: String?, slots: Int, leased: Int, done: Int, failed: Int,
                firstSeen: Timestamp, lastSeen: Timestamp) {
        self.name = name
        self.host = host
        self.slots = slots
        self.leased = leased
        self.done = done
        self.failed = failed
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}
