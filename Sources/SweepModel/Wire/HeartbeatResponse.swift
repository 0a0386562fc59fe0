/// Heartbeat response: one entry per lease id asked about, in order.
public struct HeartbeatResponse: Codable, Hashable, Sendable {
    public var leases: [LeaseRenewal]

    public init(leases: [LeaseRenewal]) { self.leases = leases }
}
