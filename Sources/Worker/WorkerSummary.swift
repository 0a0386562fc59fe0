import SweepClient
/// What a worker did in one run (`relusweep worker` prints it at exit).
public struct WorkerSummary: Sendable, Hashable, Codable {
    /// Trials leased.
    public var leased = 0
    /// Trials trained to metrics.
    public var trained = 0
    /// Trials whose training threw (reported as failures).
    public var failed = 0
    /// Trials stopped before the end (coordinator said stop, or shutdown).
    public var cancelled = 0
    /// Leases given back at shutdown.
    public var released = 0
    /// Results found in the outbox at start and sent again.
    public var resent = 0
    /// Acknowledgements by status.
    public var stored = 0
    public var duplicates = 0
    public var rejected = 0
    /// Requests that failed for want of a coordinator (unreachable, 5xx) and were retried
    /// after a backoff: lease requests and result posts.
    public var leaseRetries = 0
    public var postRetries = 0
    /// Times the outbox could not be written (a full disk) and leasing stopped until it could.
    public var outboxStalls = 0
    /// Results still in the outbox at exit (sent by the next start).
    public var leftInOutbox = 0
    /// Seconds spent training, summed over trials (slot time in use; compare with the run's
    /// wall time x slots for the share lost to leasing, posting and waiting).
    public var trainingSeconds = 0.0

    public init() {}
}
