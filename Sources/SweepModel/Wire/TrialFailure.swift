
/// One failure report of a trial, from the event log (`fail`: the retry budget was spent by one;
/// `failed`: the budget is used up and the trial is failed for good). Newest first in
/// `SweepStore.failures`; what `GET /v1/failures` and the dashboard list.
public struct TrialFailure: Codable, Hashable, Sendable {
    /// The event's sequence number (increasing).
    public var seq: Int64
    public var at: Timestamp
    public var trialId: String
    /// The sweeps that hold the trial (trials are shared between sweeps), oldest first.
    public var sweeps: [String]
    /// The worker that reported it; absent for an operator's `POST /v1/trials/{id}/fail`.
    public var worker: String?
    /// Which attempt of the retry budget this was, and the budget (absent if the event's text
    /// does not say).
    public var attempt: Int?
    public var maxAttempts: Int?
    /// The budget is spent: the trial is failed for good.
    public var final: Bool
    /// `configuration`: the worker said no worker would train it, so it was failed at once
    /// (absent for an ordinary failure).
    public var errorKind: TrialErrorKind?
    /// What failed (the reported error, at most 500 characters as the event log keeps it).
    public var error: String

    public init(seq: Int64, at: Timestamp, trialId: String, sweeps: [String], worker: String?, attempt: Int?,
                maxAttempts: Int?, final: Bool, errorKind: TrialErrorKind? = nil, error: String) {
        self.seq = seq
        self.at = at
        self.trialId = trialId
        self.sweeps = sweeps
        self.worker = worker
        self.attempt = attempt
        self.maxAttempts = maxAttempts
        self.final = final
        self.errorKind = errorKind
        self.error = error
    }
}
