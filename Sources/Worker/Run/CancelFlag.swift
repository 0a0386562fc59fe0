import SweepClient
import Synchronization

/// Tells a training thread to stop (read by `Trainer.run`'s `shouldCancel` between steps) and
/// remembers why: the coordinator said `stop` (the lease is gone: drop the trial) or the worker
/// is shutting down (release the lease so another worker takes the trial at once).
final class CancelFlag: Sendable {
    enum Reason: Int {
        case none = 0, coordinatorStop = 1, shutdown = 2
    }

    private let value = Atomic<Int>(0)

    /// Sets the reason unless one is set already (the first reason wins).
    func cancel(_ reason: Reason) {
        _ = value.compareExchange(expected: 0, desired: reason.rawValue, ordering: .relaxed)
    }

    var reason: Reason { Reason(rawValue: value.load(ordering: .relaxed)) ?? .none }
    var isCancelled: Bool { value.load(ordering: .relaxed) != 0 }
}
