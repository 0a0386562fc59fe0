import SweepModel
import ReLUCore
/// The statistics of one cell of a phase diagram. JSON keys are an interface (the `--format json`
/// output, the coordinator's phase route, the dashboard): extend, never rename.
public struct PhaseCell: Hashable, Sendable, Codable {
    public var x: ConfigValue
    public var y: ConfigValue
    /// Facet key -> value; empty without facets.
    public var facet: [String: ConfigValue]
    /// Trials with metrics (on the `step` axis: trials with a trace point at that step).
    public var n: Int
    /// Trials that failed for good (an error and no metrics).
    public var failed: Int
    /// Trials expected but absent; nil when the caller gave no expectation.
    public var missing: Int?
    public var expected: Int?
    /// Trials of this cell that another source reported differently (the first read is used).
    public var conflicts: Int
    /// The statistic of the table's metric: a proportion (collapsed, diverged), the mean dead
    /// fraction, or the median normalized MSE; nil when n = 0.
    public var fraction: Double?
    /// Its 95% interval (Wilson, Student t, or order statistics; see `PhaseMetric`).
    public var lower: Double?
    public var upper: Double?
    /// Trials collapsed, and that fraction with its Wilson interval.
    public var collapsed: Int
    public var collapsedFraction: Double?
    public var collapsedLower: Double?
    public var collapsedUpper: Double?
    /// Trials diverged (non-finite loss).
    public var diverged: Int
    /// Mean dead-unit fraction at the end, its t interval, and the mean at initialization.
    public var deadFractionMean: Double?
    public var deadFractionLower: Double?
    public var deadFractionUpper: Double?
    public var deadFractionInitMean: Double?
    /// Median normalized test MSE (+infinity for non-finite), its interval, and how many trials
    /// had one (trials with nTest = 0 have none).
    public var nmseMedian: Double?
    public var nmseLower: Double?
    public var nmseUpper: Double?
    public var nmseCount: Int
    /// Config keys other than x, y, facets, seed and dataSeed that vary inside this cell: the
    /// cell pools trials that differ in them.
    public var pooled: [String]

    /// No trials with metrics.
    public var isEmpty: Bool { n == 0 }

    enum CodingKeys: String, CodingKey {
        case x, y, facet, n, failed, missing, expected, conflicts, fraction, lower, upper
        case collapsed, collapsedFraction, collapsedLower, collapsedUpper, diverged
        case deadFractionMean, deadFractionLower, deadFractionUpper, deadFractionInitMean
        case nmseMedian, nmseLower, nmseUpper, nmseCount, pooled
    }

    /// Every key is always present: an absent value is `null`, so readers see one fixed schema.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(x, forKey: .x)
        try c.encode(y, forKey: .y)
        try c.encode(facet, forKey: .facet)
        try c.encode(n, forKey: .n)
        try c.encode(failed, forKey: .failed)
        try c.encode(missing, forKey: .missing)
        try c.encode(expected, forKey: .expected)
        try c.encode(conflicts, forKey: .conflicts)
        try c.encode(fraction, forKey: .fraction)
        try c.encode(lower, forKey: .lower)
        try c.encode(upper, forKey: .upper)
        try c.encode(collapsed, forKey: .collapsed)
        try c.encode(collapsedFraction, forKey: .collapsedFraction)
        try c.encode(collapsedLower, forKey: .collapsedLower)
        try c.encode(collapsedUpper, forKey: .collapsedUpper)
        try c.encode(diverged, forKey: .diverged)
        try c.encode(deadFractionMean, forKey: .deadFractionMean)
        try c.encode(deadFractionLower, forKey: .deadFractionLower)
        try c.encode(deadFractionUpper, forKey: .deadFractionUpper)
        try c.encode(deadFractionInitMean, forKey: .deadFractionInitMean)
        try c.encode(nmseMedian, forKey: .nmseMedian)
        try c.encode(nmseLower, forKey: .nmseLower)
        try c.encode(nmseUpper, forKey: .nmseUpper)
        try c.encode(nmseCount, forKey: .nmseCount)
        try c.encode(pooled, forKey: .pooled)
    }
}
