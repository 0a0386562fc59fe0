import ReLUCore

/// The 2 x 2 table of paired outcomes and its exact McNemar test: one per facet group, and the
/// pooled one over all pairs.
public struct PairedCounts: Hashable, Sendable, Codable {
    /// The group's facet values (empty for the pooled counts).
    public var facet: [String: ConfigValue]
    public var pairs: Int
    public var bothYes: Int
    /// Yes at the first value, no at the second (McNemar's b).
    public var firstYesSecondNo: Int
    /// No at the first value, yes at the second (McNemar's c).
    public var firstNoSecondYes: Int
    public var bothNo: Int
    /// Fraction yes at each value, with 95% Wilson intervals.
    public var firstFraction: Double?
    public var firstInterval: ClosedRange<Double>?
    public var secondFraction: Double?
    public var secondInterval: ClosedRange<Double>?
    /// The exact two-sided McNemar p-value of b against c.
    public var pValue: Double

    init(facet: [String: ConfigValue], bothYes: Int, b: Int, c: Int, bothNo: Int) {
        self.facet = facet
        pairs = bothYes + b + c + bothNo
        self.bothYes = bothYes
        firstYesSecondNo = b
        firstNoSecondYes = c
        self.bothNo = bothNo
        let first = ProportionEstimate(successes: bothYes + b, trials: pairs)
        let second = ProportionEstimate(successes: bothYes + c, trials: pairs)
        firstFraction = first.fraction
        firstInterval = first.interval
        secondFraction = second.fraction
        secondInterval = second.interval
        pValue = McNemarTest(b: b, c: c).pValue
    }
}
