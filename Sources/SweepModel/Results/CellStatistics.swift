import ReLUCore

/// What a phase cell knows about its trials, as sums that can be added in any order: the
/// aggregator (PhaseDiagram) fills one per cell from records; the store keeps one per grid point
/// of a sweep, in the same transaction that records a result, and the phase route pools them
/// into the cells of any query. Either way the same trials give the same cell, bit for bit.
public struct CellStatistics: Hashable, Sendable {
    /// Trials with metrics (on the `step` axis: trace points).
    public var n = 0
    /// Trials that failed for good.
    public var failed = 0
    /// Trials another source reported differently.
    public var conflicts = 0
    public var collapsed = 0
    public var diverged = 0
    /// Dead-unit fraction at the end and at initialization.
    public var dead = FixedPointMoments()
    public var deadInit = FixedPointMoments()
    /// Normalized test MSE of every trial that has a test split (+infinity when not finite):
    /// the median needs the values themselves.
    public var nmse: [Double] = []

    public init() {}

    /// Adds one trial's outcome.
    public mutating func add(collapsed isCollapsed: Bool, diverged isDiverged: Bool, dead d: Double, deadInit: Double?,
                             nmse e: Double?) {
        n += 1
        if isCollapsed { collapsed += 1 }
        if isDiverged { diverged += 1 }
        dead.add(d)
        if let deadInit { self.deadInit.add(deadInit) }
        if let e { nmse.append(e) }
    }

    /// Adds a trial's metrics (`nTest` = 0: no test MSE; otherwise a missing one is not finite).
    public mutating func add(_ m: TrialMetrics, nTest: Int) {
        add(collapsed: m.collapsed, diverged: m.diverged, dead: m.deadFraction, deadInit: m.deadFractionInit,
            nmse: nTest == 0 ? nil : (m.normalizedTestMSE ?? .infinity))
    }

    /// Adds another cell's trials (pooling grid points into a coarser cell).
    public mutating func merge(_ other: CellStatistics) {
        n += other.n
        failed += other.failed
        conflicts += other.conflicts
        collapsed += other.collapsed
        diverged += other.diverged
        dead.merge(other.dead)
        deadInit.merge(other.deadInit)
        nmse += other.nmse
    }
}
