import Synchronization

/// Open HTTP connections against `--max-connections`, shared by every connection's
/// `ConnectionGuardHandler` (they run on several event loops), with totals for `/metrics`.
final class ConnectionCounter: Sendable {
    let limit: Int
    private let metrics: CoordinatorMetrics?
    private let openNow = Atomic<Int>(0)
    private let peakOpen = Atomic<Int>(0)
    private let refusedTotal = Atomic<Int>(0)
    private let headerTimeoutsTotal = Atomic<Int>(0)

    init(limit: Int, metrics: CoordinatorMetrics? = nil) {
        self.limit = limit
        self.metrics = metrics
    }

    /// Counts a new connection; false when it is over the limit (it is counted anyway, since
    /// it holds a descriptor until it is closed).
    func open() -> Bool {
        let n = openNow.add(1, ordering: .relaxed).newValue
        var peak = peakOpen.load(ordering: .relaxed)
        while n > peak {
            let (exchanged, current) = peakOpen.compareExchange(expected: peak, desired: n, ordering: .relaxed)
            if exchanged { break }
            peak = current
        }
        return n <= limit
    }

    func close() { openNow.subtract(1, ordering: .relaxed) }
    func refused() {
        refusedTotal.add(1, ordering: .relaxed)
        metrics?.connectionsRefused.increment()
    }

    func headerTimedOut() {
        headerTimeoutsTotal.add(1, ordering: .relaxed)
        metrics?.headerTimeouts.increment()
    }

    var current: Int { openNow.load(ordering: .relaxed) }
    var peak: Int { peakOpen.load(ordering: .relaxed) }
    var refusals: Int { refusedTotal.load(ordering: .relaxed) }
    var headerTimeouts: Int { headerTimeoutsTotal.load(ordering: .relaxed) }
}
