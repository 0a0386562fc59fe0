import Foundation
import SweepModel

/// What a `LocalSweep` runs and where it writes.
public struct LocalSweepConfiguration: Sendable {
    public var spec: GridSpec
    /// results.jsonl, the phase tables and the worker's outbox go here.
    public var outDir: String
    /// The sweep's database (`<outDir>/sweep.sqlite` by default).
    public var databasePath: String
    /// Training slots of the local worker (nil: one per core).
    public var slots: Int?
    /// Lease length of the embedded coordinator: trials of a killed run are retried after it.
    public var leaseSeconds: Double
    /// Axes of the phase tables written at the end; nil writes none.
    public var axes: GridPhaseAxes?

    public init(spec: GridSpec, outDir: String, databasePath: String? = nil, slots: Int? = nil,
                leaseSeconds: Double = 10, axes: GridPhaseAxes? = nil) {
        self.spec = spec
        self.outDir = outDir
        self.databasePath = databasePath ?? (outDir as NSString).appendingPathComponent("sweep.sqlite")
        self.slots = slots
        self.leaseSeconds = leaseSeconds
        self.axes = axes
    }

    var resolvedSlots: Int { slots ?? ProcessInfo.processInfo.activeProcessorCount }
}
