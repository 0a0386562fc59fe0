/// One entry of the coordinator's append-only event log (`GET /v1/events`). Kinds: `open` (a store opened the file), `submit`,
/// `pause`, `resume`, `cancel`, `finish` (per sweep); `lease` and `results` (one line per
/// batch; the leases and results tables hold every grant and result); `result` (a late result,
/// from a lease that was no longer current), `expire`, `release`, `stop` (a lease ended by a
/// cancelled sweep), `fail` (a failure spent from the retry budget), `failed` (the budget is
/// spent: the trial is failed) per trial.
public struct SweepEvent: Codable, Hashable, Sendable {
    public var seq: Int64
    /// Seconds since 1970.
    public var at: Double
    public var kind: String
    public var sweep: String?
    public var trial: String?
    public var worker: String?
    public var detail: String?

    public init(seq: Int64, at: Double, kind: String, sweep: String? = nil, trial: String? = nil, worker: String? = nil,
                detail: String? = nil) {
        self.seq = seq
        self.at = at
        self.kind = kind
        self.sweep = sweep
        self.trial = trial
        self.worker = worker
        self.detail = detail
    }
}
