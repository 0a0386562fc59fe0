/// A phase query that cannot be answered, with what to change. The cases name the query's
/// parameters (`PhaseQuery.Parameter`), not how a caller spells them: `description` uses the
/// parameter names (as the HTTP API's query does), `message(naming:)` lets the CLI say `--x`.
public enum PhaseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An axis or facet key that is not a config key (nor `step`).
    case unknownKey(PhaseQuery.Parameter, key: String, allowed: [String])
    /// x and y name the same key.
    case sameAxes(key: String)
    /// A facet that is also x or y.
    case facetIsAnAxis(facet: String, x: String, y: String)
    /// `step` given as a facet (it can only be x or y).
    case stepAsFacet
    /// A facet listed twice.
    case repeatedFacet([String])
    /// A metric that has no value per trace step, with `step` as an axis.
    case metricWithoutStep(PhaseMetric)
    /// `change` of a metric that is not recorded at initialization.
    case changeWithoutInit(PhaseMetric)
    /// `change` with `step` as an axis (trace points have no initial value of their own).
    case changeOnStep
    /// A forced scale the values cannot have (log of a value <= 0, linear of names).
    case invalidScale(PhaseQuery.Parameter, key: String, reason: String)

    public var description: String { message(naming: \.rawValue) }

    /// The message, with each parameter spelled by `name` (e.g. `--x-scale` on the command line).
    public func message(naming name: (PhaseQuery.Parameter) -> String) -> String {
        switch self {
        case .unknownKey(let p, let key, let allowed):
            "\(name(p)): unknown key '\(key.prefix(60))'; allowed keys: \(allowed.joined(separator: ", "))"
        case .sameAxes(let key):
            "\(name(.x)) and \(name(.y)) are both '\(key)'; choose two different keys"
        case .facetIsAnAxis(let facet, let x, let y):
            "\(name(.facet)) '\(facet)' is already an axis (\(name(.x)) \(x), \(name(.y)) \(y))"
        case .stepAsFacet:
            "'step' can be \(name(.x)) or \(name(.y)), not \(name(.facet))"
        case .repeatedFacet(let facets):
            "\(name(.facet)) lists a key twice: \(facets.joined(separator: ", "))"
        case .metricWithoutStep(let metric):
            "\(name(.metric)) \(metric.rawValue) has no value per trace step; use collapsed, deadFraction or nmse with 'step'"
        case .changeWithoutInit(let metric):
            "\(name(.change)) needs a metric recorded at initialization and at the end: deadFraction or collapsed, not \(metric.rawValue)"
        case .changeOnStep:
            "\(name(.change)) compares the end with initialization; on the 'step' axis use \(name(.metric)) deadFraction instead"
        case .invalidScale(let p, let key, let reason):
            "\(name(p)): '\(key)' \(reason)"
        }
    }
}
