import ReLUCore

/// One leased trial: train `config`, heartbeat before `expiresAt`, post the result with
/// `leaseId`, `epoch` and `trialId`.
public struct LeaseGrant: Codable, Hashable, Sendable {
    public var leaseId: String
    /// How many times this trial has been leased, this grant included; fences stale holders.
    public var epoch: Int
    public var trialId: String
    /// The (oldest running) sweep the trial was leased for; a trial may belong to several.
    public var sweepId: String
    public var config: TrialConfig
    public var expiresAt: Timestamp

    public init(leaseId: String, epoch: Int, trialId: String, sweepId: String, config: TrialConfig, expiresAt: Timestamp) {
        self.leaseId = leaseId
        self.epoch = epoch
        self.trialId = trialId
        self.sweepId = sweepId
        self.config = config
        self.expiresAt = expiresAt
    }
}
