import Foundation
import PhaseDiagram
import ReLUCore
import Testing
@testable import AdaptiveSweep

@Suite struct AxisLatticeTests {
    @Test func aLogspaceAxisIsHalvedGeometrically() {
        let grid = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10]
        let l = AxisLattice(key: .targetStd, gridValues: grid.reversed(), rounds: 3)
        #expect(l.spacing == .geometric)
        #expect(l.unit == 16)
        #expect(l.last == 80)
        for (i, v) in grid.enumerated() { #expect(l.values[i * 16] == v) }
        // 10^-3.5, 10^-3.75, 10^-3.875, ...: each position's exponent is its share of the way.
        for p in 0...l.last {
            let exponent = -4 + Double(p) / 16
            #expect(abs(log10(l.values[p]) - exponent) < 1e-13, "position \(p): \(l.values[p])")
        }
        #expect(l.round(of: 0) == 0 && l.round(of: 16) == 0)
        #expect(l.round(of: 8) == 1 && l.round(of: 24) == 1)
        #expect(l.round(of: 4) == 2 && l.round(of: 12) == 2)
        #expect(l.round(of: 2) == 3 && l.round(of: 6) == 3)
        #expect(l.round(of: 1) == 4)  // the edges of the finest cells, never a cell
    }

    @Test func aLinearAxisIsHalvedArithmetically() {
        let l = AxisLattice(key: .momentum, gridValues: [0, 0.245, 0.49, 0.735, 0.98], rounds: 2)
        #expect(l.spacing == .linear)
        #expect(l.values[4] == 0.1225)
        #expect(l.values[2] == 0.06125)
        for p in 0...l.last { #expect(abs(l.values[p] - 0.245 * Double(p) / 8) < 1e-15) }
    }

    /// Refinement halves cells as the phase diagrams draw them.
    @Test func spacingAgreesWithThePhaseDiagramsAxisScale() {
        let lists: [[Double]] = [[1e-4, 1e-3, 1e-2, 1e-1, 1, 10], [0, 0.5, 0.9, 0.99], [0.001, 0.1], [0.001, 0.005], [1, 2, 4, 8, 16],
                                 [1, 2, 3, 4, 5], [0.1, 0.2], [2, 8, 32], [0.01, 0.02, 0.04, 0.5], [-1, 1, 10, 100]]
        for values in lists {
            let scale = AxisScale.detect(values.map { ConfigValue.double($0) })
            #expect((AxisSpacing.detect(values) == .geometric) == (scale == .log), "\(values): \(scale)")
        }
    }

    @Test func fractionsInvertTheMidpoints() {
        #expect(abs(AxisSpacing.geometric.fraction(1e-3.squareRoot() * 1e-2.squareRoot(), from: 1e-3, to: 1e-2) - 0.5) < 1e-12)
        #expect(AxisSpacing.linear.fraction(0.25, from: 0, to: 1) == 0.25)
        #expect(AxisSpacing.linear.fraction(3, from: 3, to: 3) == 0)
    }
}
