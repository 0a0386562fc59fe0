import SweepClient
import SweepModel

/// A lease this worker is training.
struct HeldLease: Sendable {
    var grant: LeaseGrant
    let flag: CancelFlag
}
