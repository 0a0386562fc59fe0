import Foundation

/// The regime of a momentum method over a grid of h = lr*lambda (columns) x beta (rows): the
/// data behind paper figure P3. Cells are row-major, betas outer: `cells[row * stepCurvatures.count + column]`.
public struct RegimeMap: Hashable, Codable, Sendable {
    public let method: MomentumMethod
    public let stepCurvatures: [Double]
    public let betas: [Double]
    public let cells: [RegimeCell]
    /// One per beta, same order as `betas`.
    public let boundaries: [RegimeBoundaries]

    /// - Parameters:
    ///   - stepCurvatures: h values (any finite reals; h <= 0 is divergent by convention).
    ///   - betas: momenta in [0, 1).
    ///   - simulate: also classify each cell from simulated iterates (`SimulatedRegime`).
    public init(method: MomentumMethod, stepCurvatures: [Double], betas: [Double], simulate: Bool = false) throws(TheoryError) {
        guard !stepCurvatures.isEmpty else { throw TheoryError(argument: "stepCurvatures", "needs at least one lr*lambda value") }
        guard !betas.isEmpty else { throw TheoryError(argument: "betas", "needs at least one momentum value") }
        if let bad = stepCurvatures.first(where: { !$0.isFinite }) {
            throw TheoryError(argument: "stepCurvatures", "lr*lambda values must be finite, got \(bad)")
        }
        var boundaries: [RegimeBoundaries] = []
        for beta in betas { boundaries.append(try RegimeBoundaries(method: method, beta: beta)) }
        self.method = method
        self.stepCurvatures = stepCurvatures
        self.betas = betas
        self.boundaries = boundaries
        var cells: [RegimeCell] = []
        cells.reserveCapacity(betas.count * stepCurvatures.count)
        for beta in betas {
            for h in stepCurvatures {
                cells.append(RegimeCell(method: method, stepCurvature: h, beta: beta, simulate: simulate))
            }
        }
        self.cells = cells
    }

    public func cell(betaIndex row: Int, stepCurvatureIndex column: Int) -> RegimeCell {
        cells[row * stepCurvatures.count + column]
    }

    /// n values from a to b (both > 0) evenly spaced in log10.
    public static func logSpaced(from a: Double, to b: Double, count n: Int) -> [Double] {
        guard n > 1 else { return [a] }
        let la = log10(a), lb = log10(b)
        return (0..<n).map { pow(10, la + (lb - la) * Double($0) / Double(n - 1)) }
    }
}
