import PhaseDiagram
import Plot
import ReLUTheory

/// Paper figure P3: the regime map of momentum on a quadratic over h = lr*lambda (log axis) x
/// beta, one panel per method, computed in closed form (`RegimeBoundaries`) and checked against
/// simulated iterates (`SimulatedRegime`). `render()` is the entry point of `relusweep figures`.
public struct RegimeMapFigure: Sendable {
    public var methods: [MomentumMethod] = [.heavyBall, .nesterov]
    /// lr*lambda shown (log axis). The default spans the complex band's lower edge down to
    /// beta = 0.98 and every divergence boundary.
    public var stepCurvatureRange: ClosedRange<Double> = 1e-4...10
    public var betaRange: ClosedRange<Double> = 0...0.99
    /// Cells per panel: columns over lr*lambda, rows over beta.
    public var columns: Int = 56
    public var rows: Int = 36
    /// Classify every cell from simulated iterates too, and mark disagreements.
    public var simulate: Bool = true
    /// The longer run for cells the default simulation leaves undecided; nil = keep them undecided.
    public var recheck: RegimeRecheck? = RegimeRecheck()
    /// Betas sampled per boundary curve.
    public var boundarySamples: Int = 400

    public init() {}

    public func panels() throws(TheoryError) -> [RegimeMapPanel] {
        guard !methods.isEmpty else { throw TheoryError(argument: "methods", "needs at least one momentum method") }
        var out: [RegimeMapPanel] = []
        for method in methods {
            out.append(try RegimeMapPanel(method: method, stepCurvatureRange: stepCurvatureRange, betaRange: betaRange,
                                          columns: columns, rows: rows, simulate: simulate, boundarySamples: boundarySamples,
                                          recheck: recheck))
        }
        return out
    }

    /// The SVG (one panel per method).
    public func render() throws(TheoryError) -> String {
        RegimeMapRenderer().render(try panels(), stepCurvatureRange: stepCurvatureRange, betaRange: betaRange)
    }
}
