/// `POST /v1/sweeps` response (also what `relusweep submit --json` prints).
public struct SubmitResponse: Codable, Hashable, Sendable {
    public var sweepId: String
    /// Trials in the sweep after this submission.
    public var trials: Int
    /// Trials this submission added to the sweep (0 when re-submitting the same grid).
    public var new: Int

    public init(sweepId: String, trials: Int, new: Int) {
        self.sweepId = sweepId
        self.trials = trials
        self.new = new
    }
}
