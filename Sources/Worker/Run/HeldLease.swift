import SweepClient
import SweepModel

/// A lease this worker holds: training, or waiting for a training slot.
struct HeldLease: Sendable {
    var grant: LeaseGrant
    let flag: CancelFlag
    /// It got a training slot (a lease still waiting for one can be given back untrained).
    var training = false
}
