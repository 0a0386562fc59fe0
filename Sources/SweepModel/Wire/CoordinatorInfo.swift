/// `GET /v1/info`: what a client needs to know before it talks to a coordinator: the protocol
/// version (a worker whose `SweepModel.protocolVersion` differs computes other trial ids and
/// numbers and must not work for it) and the limits to size its batches by.
public struct CoordinatorInfo: Codable, Hashable, Sendable {
    public var protocolVersion: Int
    /// Lease length in seconds; heartbeat every third of it.
    public var leaseSeconds: Double
    /// Largest request body accepted (413 above).
    public var maxBodyBytes: Int
    public var maxResultsPerBatch: Int
    public var maxSlots: Int
    public var maxLeaseIdsPerRequest: Int
    /// Whether GET routes need the bearer token (they do when listening beyond loopback).
    public var readsNeedToken: Bool

    public init(protocolVersion: Int = SweepModel.protocolVersion, leaseSeconds: Double, maxBodyBytes: Int,
                maxResultsPerBatch: Int = ResultBatch.maxItems, maxSlots: Int = LeaseRequest.maxSlots,
                maxLeaseIdsPerRequest: Int = HeartbeatRequest.maxLeases, readsNeedToken: Bool) {
        self.protocolVersion = protocolVersion
        self.leaseSeconds = leaseSeconds
        self.maxBodyBytes = maxBodyBytes
        self.maxResultsPerBatch = maxResultsPerBatch
        self.maxSlots = maxSlots
        self.maxLeaseIdsPerRequest = maxLeaseIdsPerRequest
        self.readsNeedToken = readsNeedToken
    }
}
