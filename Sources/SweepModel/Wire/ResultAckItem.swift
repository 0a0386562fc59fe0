public struct ResultAckItem: Codable, Hashable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// Committed: the trial's result (or, for an error item, the failure was counted).
        case stored
        /// The trial already had its result; this one was ignored.
        case duplicate
        /// Not accepted: unknown or forged lease/trial/epoch, malformed item, invalid metrics,
        /// or a failure report from a lease that is no longer current. `detail` says which.
        case rejected
    }

    public var trialId: String
    public var status: Status
    public var detail: String?

    public init(trialId: String, status: Status, detail: String? = nil) {
        self.trialId = trialId
        self.status = status
        self.detail = detail
    }
}
