/// Knobs of a store; the defaults are the coordinator's.
public struct StoreOptions: Sendable {
    /// Lease length when the caller gives none (`--lease-seconds`).
    public var leaseSeconds: Double
    /// Failures (thrown errors, invalid metrics) a trial may have before it is marked failed.
    /// Expiry, release and preemption do not count.
    public var maxAttempts: Int
    /// Throughput is results per second over this many recent seconds.
    public var throughputWindow: Double
    /// A worker is live if seen within this many seconds.
    public var liveWorkerSeconds: Double
    /// Take `<db>.lock` (refuse a second store on the same file). Only tests turn it off.
    public var exclusiveLock: Bool
    /// The time of every operation that is not given one (`now:`).
    public var clock: StoreClock
    /// A submit that adds at least this many trials truncates the WAL afterwards (it would
    /// otherwise stay as large as what the submit wrote: ~500 MB at a million trials).
    public var walCheckpointAfterTrials: Int

    public init(leaseSeconds: Double = 60, maxAttempts: Int = 3, throughputWindow: Double = 60,
                liveWorkerSeconds: Double = 120, exclusiveLock: Bool = true, clock: StoreClock = .system,
                walCheckpointAfterTrials: Int = 50_000) {
        self.leaseSeconds = leaseSeconds
        self.maxAttempts = maxAttempts
        self.throughputWindow = throughputWindow
        self.liveWorkerSeconds = liveWorkerSeconds
        self.exclusiveLock = exclusiveLock
        self.clock = clock
        self.walCheckpointAfterTrials = walCheckpointAfterTrials
    }
}
