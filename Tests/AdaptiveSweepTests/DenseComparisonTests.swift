import Foundation
import ReLUCore
import SweepModel
import Testing
@testable import AdaptiveSweep

/// Issue 14.5's criteria as `DenseComparison` counts them, on a finished sweep over a known sharp
/// boundary (RefinementTests): every lattice point is on its true side, a point outside the
/// grid's range is skipped, and a wrong reference is caught.
@Suite struct DenseComparisonTests {
    @Test func countsTheSideAndTheToleranceAndSkipsPointsOutsideTheRange() throws {
        let (planner, d) = try RefinementTests.run(RefinementTests.grid)
        var dense: [(values: [ConfigKey: Double], fraction: Double)] = []
        for x in stride(from: 0, through: planner.lattices[0].last, by: 4) {
            for y in stride(from: 0, through: planner.lattices[1].last, by: 4) {
                let c = planner.config(of: AdaptiveCellKey(facet: 0, position: [x, y]))
                dense.append(([.targetStd: c.targetStd, .momentum: c.momentum], RefinementTests.truth(c)))
            }
        }
        dense.append(([.targetStd: 100, .momentum: 0.5], 1))
        let right = DenseComparison(decision: d, facet: 0, dense: dense, level: 0.5)
        #expect(right.skipped == 1 && right.cells == dense.count - 1)
        #expect(right.sideChecked == right.cells && right.sameSide == right.cells)
        #expect(right.within > right.cells / 2 && right.within <= right.cells)
        // The opposite reference: no cell on the same side, none within 0.1.
        let wrong = DenseComparison(decision: d, facet: 0, dense: dense.map { ($0.values, 1 - $0.fraction) }, level: 0.5)
        #expect(wrong.sameSide == 0 && wrong.within < right.cells - right.within + 1)
    }
}
