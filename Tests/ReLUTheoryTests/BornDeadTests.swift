import Foundation
import Testing
@testable import ReLUTheory

/// Born dead (Lu et al. 2019) against Monte Carlo of random bias-free networks.
struct BornDeadTests {
    /// |estimate - p| within 4.5 binomial standard errors (plus a floor for p near 0 or 1).
    func agrees(_ count: Int, _ draws: Int, _ p: Double) -> Bool {
        let estimate = Double(count) / Double(draws)
        let se = (max(p * (1 - p), 1e-4) / Double(draws)).squareRoot()
        return abs(estimate - p) < 4.5 * se + 1e-3
    }

    @Test("P(dead at a point) = 1 - (1 - 2^-N)^L", arguments: [2, 3])
    func atAPoint(width: Int) throws {
        let draws = 20_000
        for depth in [1, 2, 4, 8] {
            let theory = try BornDeadProbability(width: width, depth: depth)
            // A single input (a 3-D x): every layer must be alive there.
            let mc = try BornDeadSimulation(inputs: [[0.3, -1.2, 0.5]], width: width, depth: depth, draws: draws,
                                            seed: UInt64(100 * width + depth))
            #expect(agrees(mc.deadAtFirstInput, draws, theory.atPoint),
                    "N \(width) L \(depth): MC \(mc.deadAtFirstInputFraction) vs \(theory.atPoint)")
            #expect(mc.collapsedOnSet == mc.deadAtFirstInput)  // one input: the set is the point
        }
        // The closed form by hand: N = 2, L = 4: 1 - 0.75^4.
        #expect(abs(try BornDeadProbability(width: 2, depth: 4).atPoint - (1 - pow(0.75, 4))) < 1e-15)
        // Tiny probabilities without cancellation: N = 32, L = 8 is ~8 * 2^-32.
        #expect(abs(try BornDeadProbability(width: 32, depth: 8).atPoint / (8 * pow(2, -32)) - 1) < 1e-8)
    }

    @Test("on 1-D data of both signs layer 1 never dies; collapse lies within the bounds")
    func onADataSet() throws {
        let inputs: [[Double]] = [[-1.7], [-0.4], [0.2], [0.9], [1.6]]
        let draws = 20_000
        for (width, depth) in [(1, 3), (2, 2), (2, 5), (3, 4)] {
            let theory = try BornDeadProbability(width: width, depth: depth)
            let mc = try BornDeadSimulation(inputs: inputs, width: width, depth: depth, draws: draws, seed: UInt64(7 * width + depth))
            #expect(mc.firstLayerDead == 0)
            #expect(theory.dataSetLowerBound <= theory.dataSetUpperBound)
            let f = mc.collapsedFraction
            let se = 4.5 * (0.25 / Double(draws)).squareRoot()
            #expect(f >= theory.dataSetLowerBound - se && f <= theory.dataSetUpperBound + se,
                    "N \(width) L \(depth): \(f) not in [\(theory.dataSetLowerBound), \(theory.dataSetUpperBound)]")
            // Collapse on the set is rarer than death at one of its points.
            #expect(f <= mc.deadAtFirstInputFraction)
            if width == 1 {
                // The bounds meet: 1 - (1/2)^(L-1).
                #expect(theory.dataSetLowerBound == theory.dataSetUpperBound)
                #expect(agrees(mc.collapsedOnSet, draws, theory.dataSetUpperBound))
            }
        }
        #expect(try BornDeadProbability(width: 4, depth: 1).dataSetUpperBound == 0)
    }

    @Test func unitFractionAndErrors() throws {
        let t = try BornDeadProbability(width: 2, depth: 3)
        #expect(t.unitOffFractionAtPoint(layer: 1) == 0.5)
        #expect(abs(t.unitOffFractionAtPoint(layer: 2) - (1 - 0.5 * 0.75)) < 1e-15)
        #expect(throws: TheoryError.self) { try BornDeadProbability(width: 0, depth: 3) }
        #expect(throws: TheoryError.self) { try BornDeadSimulation(inputs: [], width: 2, depth: 2, draws: 10, seed: 0) }
        // Seeded: the same seed gives the same estimate.
        let a = try BornDeadSimulation(inputs: [[1]], width: 2, depth: 3, draws: 500, seed: 11)
        let b = try BornDeadSimulation(inputs: [[1]], width: 2, depth: 3, draws: 500, seed: 11)
        #expect(a == b)
    }
}
