/// Renews leases: `POST /v1/leases/{id}/heartbeat` (one lease, `leaseIds` = [id]) or a batch
/// of a worker's leases.
public struct HeartbeatRequest: Codable, Hashable, Sendable {
    public var worker: String
    public var leaseIds: [String]

    public static let maxLeases = 1024

    public init(worker: String, leaseIds: [String]) {
        self.worker = worker
        self.leaseIds = leaseIds
    }

    public func validationProblem() -> String? {
        if let p = WorkerName.problem(worker) { return p }
        guard leaseIds.count <= Self.maxLeases else { return "leaseIds: at most \(Self.maxLeases), got \(leaseIds.count)" }
        for id in leaseIds where !LeaseID.isWellFormed(id) {
            return "leaseIds: expected 32 lowercase hex digits, got '\(id.prefix(40))'"
        }
        return nil
    }
}
