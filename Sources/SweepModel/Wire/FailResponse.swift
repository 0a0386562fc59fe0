/// The answer to `POST /v1/trials/{trialId}/fail`: the trial's state after the failure was spent.
public struct FailResponse: Codable, Hashable, Sendable {
    public var trialId: String
    public var state: TrialState

    public init(trialId: String, state: TrialState) {
        self.trialId = trialId
        self.state = state
    }
}
