/// Where a trial stands. A trial is global (content-addressed) and may belong to several sweeps.
public enum TrialState: String, Codable, Sendable, CaseIterable {
    /// Waiting for a lease.
    case pending
    /// Held by a worker until the lease expires.
    case leased
    /// Has its one result.
    case done
    /// Failed `maxAttempts` times; `lastError` says why. A late result still makes it done.
    case failed
}
