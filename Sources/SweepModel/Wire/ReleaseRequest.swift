/// `POST /v1/leases/release`: a worker shutting down gracefully gives trials back (they return
/// to pending at once, without spending their retry budget).
public struct ReleaseRequest: Codable, Hashable, Sendable {
    public var worker: String
    public var leaseIds: [String]

    public init(worker: String, leaseIds: [String]) {
        self.worker = worker
        self.leaseIds = leaseIds
    }

    public func validationProblem() -> String? {
        HeartbeatRequest(worker: worker, leaseIds: leaseIds).validationProblem()
    }
}
