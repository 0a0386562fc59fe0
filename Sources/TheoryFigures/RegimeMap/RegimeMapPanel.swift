import PhaseDiagram
import Plot
import Foundation
import ReLUTheory

/// The data of one P3 panel: the regime at the centre of each cell of an lr*lambda (log) x beta
/// grid, the cell edges, and the closed-form boundary curves.
public struct RegimeMapPanel: Sendable {
    public let method: MomentumMethod
    /// Regimes at the cell centres (`map.stepCurvatures`, `map.betas`), with simulated checks
    /// when asked for.
    public let map: RegimeMap
    /// Cell edges: one more than the centres; h edges are evenly spaced in log10, beta edges
    /// evenly spaced.
    public let stepCurvatureEdges: [Double]
    public let betaEdges: [Double]
    public let curves: [RegimeBoundaryCurve]
    /// The simulated check per cell (same order as `map.cells`; nil without simulation). Cells
    /// the map's default run left undecided (slow convergence or growth near 1) are run again,
    /// longer and with a tighter growth tolerance (`RegimeMapFigure.recheck`).
    public let checks: [SimulatedRegime?]

    public init(method: MomentumMethod, stepCurvatureRange: ClosedRange<Double>, betaRange: ClosedRange<Double>,
                columns: Int, rows: Int, simulate: Bool, boundarySamples: Int,
                recheck: RegimeRecheck? = RegimeRecheck()) throws(TheoryError) {
        guard stepCurvatureRange.lowerBound > 0, stepCurvatureRange.upperBound > stepCurvatureRange.lowerBound else {
            throw TheoryError(argument: "stepCurvatureRange", "needs 0 < lower < upper for a log axis, got \(stepCurvatureRange)")
        }
        guard betaRange.lowerBound >= 0, betaRange.upperBound < 1, betaRange.upperBound > betaRange.lowerBound else {
            throw TheoryError(argument: "betaRange", "needs 0 <= lower < upper < 1, got \(betaRange)")
        }
        guard columns >= 1 else { throw TheoryError(argument: "columns", "needs >= 1, got \(columns)") }
        guard rows >= 1 else { throw TheoryError(argument: "rows", "needs >= 1, got \(rows)") }
        let la = log10(stepCurvatureRange.lowerBound), lb = log10(stepCurvatureRange.upperBound)
        let hEdges = (0...columns).map { pow(10, la + (lb - la) * Double($0) / Double(columns)) }
        let bEdges = (0...rows).map { betaRange.lowerBound + (betaRange.upperBound - betaRange.lowerBound) * Double($0) / Double(rows) }
        // Centres: geometric midpoints in h (the middle of a cell on the log axis), midpoints in beta.
        let hs = (0..<columns).map { (hEdges[$0] * hEdges[$0 + 1]).squareRoot() }
        let betas = (0..<rows).map { (bEdges[$0] + bEdges[$0 + 1]) / 2 }
        self.method = method
        stepCurvatureEdges = hEdges
        betaEdges = bEdges
        let map = try RegimeMap(method: method, stepCurvatures: hs, betas: betas, simulate: simulate)
        self.map = map
        checks = map.cells.map { cell in
            guard let s = cell.simulated else { return nil }
            guard s.regime == nil, let recheck else { return s }
            return SimulatedRegime(method: method, beta: cell.beta, stepCurvature: cell.stepCurvature,
                                   burnIn: recheck.burnIn, window: recheck.window, tolerance: recheck.tolerance)
        }
        var curves: [RegimeBoundaryCurve] = []
        for kind in RegimeBoundaryCurve.Kind.allCases {
            curves.append(try RegimeBoundaryCurve(method: method, kind: kind, stepCurvatureRange: stepCurvatureRange,
                                                  betaRange: betaRange, samples: boundarySamples))
        }
        self.curves = curves
    }

    /// Whether cell k's simulated check decided a regime other than the closed form's.
    public func disagrees(_ k: Int) -> Bool {
        guard let decided = checks[k]?.regime else { return false }
        return decided != map.cells[k].regime
    }

    /// Whether cell k was simulated without a decision (growth within tolerance of 1).
    public func isUndecided(_ k: Int) -> Bool { checks[k] != nil && checks[k]?.regime == nil }

    /// Cells whose simulated iterates decided a regime different from the closed form.
    public var disagreementCount: Int { map.cells.indices.filter(disagrees).count }
    public var undecidedCount: Int { map.cells.indices.filter(isUndecided).count }
    /// Cells the default run could not decide and that were run again.
    public var recheckedCount: Int { map.cells.indices.filter { map.cells[$0].simulated != nil && map.cells[$0].simulated?.regime == nil }.count }
    public var simulatedCount: Int { checks.compactMap { $0 }.count }
}

/// The longer simulated run for cells the default `SimulatedRegime` left undecided: far from a
/// boundary that happens when convergence is slow (growth per step within 1e-3 of 1, i.e.
/// lr*lambda/(1-beta) below ~1e-3), which a tighter tolerance resolves.
public struct RegimeRecheck: Hashable, Sendable {
    public var burnIn: Int
    public var window: Int
    public var tolerance: Double

    public init(burnIn: Int = 20_000, window: Int = 40_000, tolerance: Double = 1e-6) {
        self.burnIn = burnIn
        self.window = window
        self.tolerance = tolerance
    }
}
