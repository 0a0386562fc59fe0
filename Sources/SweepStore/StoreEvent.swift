/// One entry of the append-only event log. Kinds: `open` (a store opened the file), `submit`,
/// `pause`, `resume`, `cancel`, `finish` (per sweep); `lease` and `results` (one line per
/// batch; the leases and results tables hold every grant and result); `result` (a late result,
/// from a lease that was no longer current), `expire`, `release`, `stop` (a lease ended by a
/// cancelled sweep), `fail` (a failure spent from the retry budget), `failed` (the budget is
/// spent: the trial is failed) per trial.
public struct StoreEvent: Codable, Hashable, Sendable {
    public var seq: Int64
    /// Seconds since 1970.
    public var at: Double
    public var kind: String
    public var sweep: String?
    public var trial: String?
    public var worker: String?
    public var detail: String?
}
