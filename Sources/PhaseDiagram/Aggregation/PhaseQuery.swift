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

    /// Checks the keys; the error names the flag, the key and what is allowed.
    public func validate() throws(PhaseError) {
        let allowed = ConfigAxisValues.allowedKeys
        for (flag, key) in [("x", x), ("y", y)] + facets.map({ ("facet", $0) }) where !allowed.contains(key) {
            throw PhaseError.unknownKey(flag: flag, key: key, allowed: allowed)
        }
        if x == y { throw PhaseError.invalidQuery("--x and --y are both '\(x)'; choose two different keys") }
        for f in facets {
            if f == x || f == y { throw PhaseError.invalidQuery("--facet '\(f)' is already an axis (--x \(x), --y \(y))") }
            if f == ConfigAxisValues.stepKey { throw PhaseError.invalidQuery("'step' can be --x or --y, not a facet") }
        }
        if Set(facets).count != facets.count { throw PhaseError.invalidQuery("--facet lists a key twice: \(facets.joined(separator: ", "))") }
        if metric == .diverged, x == ConfigAxisValues.stepKey || y == ConfigAxisValues.stepKey {
            throw PhaseError.invalidQuery("--metric diverged has no value per trace step; use collapsed, deadFraction or nmse with 'step'")
        }
    }

    /// Whether one axis is the trace step.
    public var usesStep: Bool { x == ConfigAxisValues.stepKey || y == ConfigAxisValues.stepKey }
}
