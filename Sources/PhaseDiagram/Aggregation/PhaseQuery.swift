import ReLUCore
/// What to aggregate: two axes, optional facets and the metric. Keys are config keys
/// (`TrialConfig.keys`) or `step` (the training step of `metrics.trace`, x or y only).
public struct PhaseQuery: Hashable, Sendable, Codable {
    public var x: String
    public var y: String
    public var facets: [String]
    public var metric: PhaseMetric
    public var xScale: AxisScaleChoice
    public var yScale: AxisScaleChoice
    /// Only trials that satisfy every condition count (`--where initSlope>0`); cells then hold
    /// conditional statistics, P(collapsed | initSlope > 0).
    public var conditions: [RecordCondition]
    /// The cell value is the per-trial change of the metric from initialization to the end
    /// (deadFraction - deadFractionInit, collapsed - collapsedInit), its mean with a t interval.
    public var change: Bool

    public init(x: String, y: String, facets: [String] = [], metric: PhaseMetric = .collapsed,
                xScale: AxisScaleChoice = .auto, yScale: AxisScaleChoice = .auto,
                conditions: [RecordCondition] = [], change: Bool = false) {
        self.x = x
        self.y = y
        self.facets = facets
        self.metric = metric
        self.xScale = xScale
        self.yScale = yScale
        self.conditions = conditions
        self.change = change
    }

    /// The query's parameters, as errors name them.
    public enum Parameter: String, Hashable, Sendable, CaseIterable {
        case x, y, facet, metric, xScale, yScale, condition, change
    }

    /// Checks the keys; the error names the parameter, the key and what is allowed.
    public func validate() throws(PhaseError) {
        let allowed = ConfigAxisValues.allowedKeys
        for (parameter, key) in [(Parameter.x, x), (.y, y)] + facets.map({ (Parameter.facet, $0) }) where !allowed.contains(key) {
            throw .unknownKey(parameter, key: key, allowed: allowed)
        }
        if x == y { throw .sameAxes(key: x) }
        for f in facets {
            if f == x || f == y { throw .facetIsAnAxis(facet: f, x: x, y: y) }
            if f == ConfigAxisValues.stepKey { throw .stepAsFacet }
        }
        if Set(facets).count != facets.count { throw .repeatedFacet(facets) }
        if metric == .diverged, usesStep { throw .metricWithoutStep(metric) }
        if change {
            guard metric == .deadFraction || metric == .collapsed else { throw .changeWithoutInit(metric) }
            if usesStep { throw .changeOnStep }
        }
    }

    /// Whether one axis is the trace step.
    public var usesStep: Bool { x == ConfigAxisValues.stepKey || y == ConfigAxisValues.stepKey }
}
