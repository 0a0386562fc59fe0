/// A lease renewed until `expiresAt`, or `stop`: the worker no longer holds it (it expired and
/// was requeued or re-leased, was released, already has a result, or its sweeps were
/// cancelled); `reason` says which. After `stop` the worker should abandon the trial; a result
/// it posts anyway is still stored if the trial has none (epoch fencing).
public struct LeaseRenewal: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Sendable {
        case renewed, stop
    }

    public var leaseId: String
    public var status: Status
    public var expiresAt: Timestamp?
    /// For `stop`: cancelled, expired, released, completed, superseded, unknown.
    public var reason: String?

    public init(leaseId: String, status: Status, expiresAt: Timestamp? = nil, reason: String? = nil) {
        self.leaseId = leaseId
        self.status = status
        self.expiresAt = expiresAt
        self.reason = reason
    }
}
