import ReLUCore

/// The yes/no outcome an adaptive sweep estimates the probability of, per cell: the
/// `adaptive.metric` of a grid file. `collapsed` and `diverged` are the trial's flags;
/// `deadFraction>=0.5` (also `>`, `<=`, `<`) thresholds the dead-unit fraction at the end.
public enum AdaptiveMetric: Hashable, Sendable, CustomStringConvertible {
    case collapsed
    case diverged
    case deadFraction(Comparison, Double)

    /// How `deadFraction` is compared with its threshold.
    public enum Comparison: String, Hashable, Sendable, CaseIterable {
        case atLeast = ">="
        case above = ">"
        case atMost = "<="
        case below = "<"
    }

    /// What a grid file may write, for messages.
    public static let allowed = "collapsed, diverged, or deadFraction compared with a threshold in [0, 1] (deadFraction>=0.5, >, <=, <)"

    /// Whether a trial with these metrics counts as a yes.
    public func outcome(_ metrics: TrialMetrics) -> Bool {
        switch self {
        case .collapsed: metrics.collapsed
        case .diverged: metrics.diverged
        case .deadFraction(let op, let x):
            switch op {
            case .atLeast: metrics.deadFraction >= x
            case .above: metrics.deadFraction > x
            case .atMost: metrics.deadFraction <= x
            case .below: metrics.deadFraction < x
            }
        }
    }

    /// The grid-file spelling: `collapsed`, `deadFraction>=0.5` (the threshold in canonical
    /// JSON form), which `parse` reads back to the same metric.
    public var description: String {
        switch self {
        case .collapsed: "collapsed"
        case .diverged: "diverged"
        case .deadFraction(let op, let x): "deadFraction\(op.rawValue)\(CanonicalJSON.number(x))"
        }
    }

    /// Reads `collapsed`, `diverged` or `deadFraction OP x` (spaces allowed around OP).
    static func parse(_ text: String) -> Result<AdaptiveMetric, GridProblem> {
        let t = text.filter { $0 != " " }
        switch t {
        case "collapsed": return .success(.collapsed)
        case "diverged": return .success(.diverged)
        default: break
        }
        let fail = Result<AdaptiveMetric, GridProblem>.failure(GridProblem("expected \(allowed), got '\(text.clipped)'"))
        guard t.hasPrefix("deadFraction") else { return fail }
        let rest = t.dropFirst("deadFraction".count)
        // Two-character operators first, so ">=" is not read as ">" followed by "=0.5".
        guard let op = Comparison.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count })
            .first(where: { rest.hasPrefix($0.rawValue) }) else {
            return .failure(GridProblem("deadFraction needs a comparison with a threshold, like deadFraction>=0.5 (>=, >, <=, <), got '\(text.clipped)'"))
        }
        let number = String(rest.dropFirst(op.rawValue.count))
        guard NumberSyntax.classify(number) != nil, let x = Double(number), x.isFinite else {
            return .failure(GridProblem("deadFraction\(op.rawValue): expected a threshold in [0, 1], got '\(number.clipped)'"))
        }
        guard (0...1).contains(x) else {
            return .failure(GridProblem("deadFraction\(op.rawValue): the threshold must be in [0, 1] (a fraction of units), got \(number.clipped)"))
        }
        return .success(.deadFraction(op, x == 0 ? 0 : x))
    }
}
