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

    public init(x: String, y: String, facets: [String] = [], metric: PhaseMetric = .collapsed,
                xScale: AxisScaleChoice = .auto, yScale: AxisScaleChoice = .auto) {
        self.x = x
        self.y = y
        self.facets = facets
        self.metric = metric
        self.xScale = xScale
        self.yScale = yScale
    }

    /// The query's parameters, as errors name them.
    public enum Parameter: String, Hashable, Sendable, CaseIterable {
        case x, y, facet, metric, xScale, yScale
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
    }

    /// Whether one axis is the trace step.
    public var usesStep: Bool { x == ConfigAxisValues.stepKey || y == ConfigAxisValues.stepKey }
}
