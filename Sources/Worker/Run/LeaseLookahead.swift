import SweepClient
import SweepModel

/// How many leases a worker holds beyond its slots, and how many it asks for at once.
///
/// With `--prefetch N` (and `--lease-batch B`) those are fixed. By default the prefetch starts
/// at `slots` and grows while trials are short, so that the leases waiting for a slot cover
/// about `lookaheadSeconds` of training, and a lease request asks for every free place: with
/// trials of a few milliseconds, a lease round trip per trial or two leaves slots idle
/// (measured on P2's 10 ms trials, 2 slots: 91.5% of slot time training with 2 prefetched
/// leases, 96% with 32). Long trials keep the prefetch at `slots`, so a worker never sits on
/// much more than a slot's worth of work that another worker could be training.
struct LeaseLookahead: Sendable {
    /// Seconds of training the waiting leases should cover (automatic prefetch).
    static let lookaheadSeconds = 0.1
    /// Upper bound of the automatic prefetch, per slot.
    static let maxPrefetchPerSlot = 32

    let slots: Int
    /// `--prefetch`, or `slots` by default: the least the worker holds beyond its slots.
    let minimumPrefetch: Int
    let leaseBatch: Int
    /// Neither `--prefetch` nor `--lease-batch` was given.
    let automatic: Bool
    /// Moving average of the trials' wall time (seconds), nil before the first one.
    private(set) var meanTrialSeconds: Double?

    init(slots: Int, prefetch: Int, leaseBatch: Int, automatic: Bool) {
        self.slots = slots
        self.minimumPrefetch = prefetch
        self.leaseBatch = leaseBatch
        self.automatic = automatic
    }

    /// Records one finished trial's wall time.
    mutating func record(trialSeconds: Double) {
        guard trialSeconds.isFinite, trialSeconds >= 0 else { return }
        // Exponential average: follows a sweep whose trials change in length (grids mix sizes).
        meanTrialSeconds = meanTrialSeconds.map { 0.9 * $0 + 0.1 * trialSeconds } ?? trialSeconds
    }

    /// Leases to hold beyond the slots now.
    var prefetch: Int {
        guard automatic, let mean = meanTrialSeconds else { return minimumPrefetch }
        let cap = slots * Self.maxPrefetchPerSlot
        guard mean > 0 else { return max(minimumPrefetch, cap) }
        let wanted = (Double(slots) * Self.lookaheadSeconds / mean).rounded(.up)
        return max(minimumPrefetch, Int(min(wanted, Double(cap))))
    }

    /// Trials to ask for in one lease request when `free` places are open.
    func batch(free: Int) -> Int {
        min(free, automatic ? LeaseRequest.maxSlots : leaseBatch)
    }
}
