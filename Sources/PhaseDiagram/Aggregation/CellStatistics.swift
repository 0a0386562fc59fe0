import ReLUCore

/// What a phase cell knows about its trials, as sums that can be added in any order: the
/// aggregator fills one per cell from records; the coordinator keeps one per grid point, in the
/// same transaction that records a result, and pools them into the cells of any query. Either
/// way the same trials give the same cell, bit for bit.
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

    /// The table cell: the metric's value and interval, and the other statistics.
    func cell(x: ConfigValue, y: ConfigValue, facet: [String: ConfigValue], metric: PhaseMetric,
              expected: Int?, missing: Int?, pooled: [String]) -> PhaseCell {
        let collapsedEstimate = ProportionEstimate(successes: collapsed, trials: n)
        let divergedEstimate = ProportionEstimate(successes: diverged, trials: n)
        let deadEstimate = MeanEstimate(dead, bounds: 0...1)
        let nmseEstimate = MedianEstimate(nmse)
        let main: (Double?, ClosedRange<Double>?) = switch metric {
        case .collapsed: (collapsedEstimate.fraction, collapsedEstimate.interval)
        case .diverged: (divergedEstimate.fraction, divergedEstimate.interval)
        case .deadFraction: (deadEstimate.mean, deadEstimate.interval)
        case .nmse: (nmseEstimate.median, nmseEstimate.interval)
        }
        return PhaseCell(
            x: x, y: y, facet: facet, n: n, failed: failed, missing: missing, expected: expected, conflicts: conflicts,
            fraction: main.0, lower: main.1?.lowerBound, upper: main.1?.upperBound,
            collapsed: collapsed, collapsedFraction: collapsedEstimate.fraction,
            collapsedLower: collapsedEstimate.interval?.lowerBound, collapsedUpper: collapsedEstimate.interval?.upperBound,
            diverged: diverged,
            deadFractionMean: deadEstimate.mean, deadFractionLower: deadEstimate.interval?.lowerBound,
            deadFractionUpper: deadEstimate.interval?.upperBound,
            deadFractionInitMean: deadInit.mean,
            nmseMedian: nmseEstimate.median, nmseLower: nmseEstimate.interval?.lowerBound,
            nmseUpper: nmseEstimate.interval?.upperBound, nmseCount: nmseEstimate.count,
            pooled: pooled)
    }
}
