import SweepClient
/// One result in the outbox: the lease it answers and its trial. A trial re-leased to this
/// worker gets a new lease id, so the pair is unique per result.
public struct OutboxKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public var leaseId: String
    public var trialId: String

    public init(leaseId: String, trialId: String) {
        self.leaseId = leaseId
        self.trialId = trialId
    }

    public var description: String { "\(trialId) (lease \(leaseId))" }
}
