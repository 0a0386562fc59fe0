import Foundation
import ReLUCore
import SweepModel
import Testing
import TestSupport
@testable import AdaptiveSweep

/// Refinement on synthetic phase functions with a known boundary: new values appear only next
/// to it, each facet on its own, and the refined estimate puts every point on its side.
@Suite struct RefinementTests {
    /// Sharp (noiseless) death above a boundary in (log10 targetStd, momentum) that depends on lr.
    static func boundary(_ c: TrialConfig) -> Double { (c.lr == 0.05 ? 0.2 : -1.3) - 2.5 * c.momentum }

    static func truth(_ c: TrialConfig) -> Double { log10(c.targetStd) > boundary(c) ? 1 : 0 }

    static let grid = """
        name: refine-test
        base: { model: single, dataset: relu1d, optimizer: momentum, steps: 3000, batchSize: 0 }
        axes:
          lr: [0.05, 0.1]
          targetStd: logspace(-4, 1, 6)
          momentum: [0, 0.2, 0.4, 0.6, 0.8]
        adaptive:
          seeds: {min: 16, max: 300, halfWidth: 0.05}
          level: 0.5
          refine: {axes: [targetStd, momentum], rounds: 3}
        """

    static func run(_ text: String) throws -> (AdaptivePlanner, AdaptiveDecision) {
        let planner = try AdaptivePlanner(grid: GridSpec.parse(text, file: "refine.yaml"))
        let sweep = SyntheticSweep(seed: 1, probability: { truth($0) })
        return (planner, sweep.runToTheEnd(planner).decision)
    }

    /// A cell of round r >= 1 comes from splitting a box of round r - 1 whose corners disagree.
    /// That box contains the cell, and its corners are lattice points on multiples of its size
    /// (`unit >> (r - 1)` positions; a grid step is `unit`) at most one size away on each axis:
    /// among those points there must be both sides of the boundary.
    static func isNearTheBoundary(_ cell: AdaptiveCell, planner: AdaptivePlanner) -> Bool {
        let size = planner.lattices[0].unit >> (cell.round - 1)
        func corners(_ c: Int, last: Int) -> [Int] {
            let below = c / size * size
            return [below - size, below, below + size].filter { $0 >= 0 && $0 <= last && abs($0 - c) <= size }
        }
        var sides = Set<Bool>()
        for x in corners(cell.key.position[0], last: planner.lattices[0].last) {
            for y in corners(cell.key.position[1], last: planner.lattices[1].last) {
                let c = planner.config(of: AdaptiveCellKey(facet: cell.key.facet, position: [x, y]))
                sides.insert(truth(c) > 0.5)
            }
        }
        return sides.count == 2
    }

    @Test func newValuesAreAddedNextToTheBoundaryAndNowhereElse() throws {
        let (planner, d) = try Self.run(Self.grid)
        #expect(d.isFinished)
        #expect(d.facets.count == 2 && planner.refinedAxes == [.targetStd, .momentum])
        let refined = d.cells.filter { $0.round > 0 }
        #expect(d.round == 3 && !refined.isEmpty)
        for cell in refined {
            #expect(Self.isNearTheBoundary(cell, planner: planner), "round \(cell.round) cell at \(cell.bounds) is far from the boundary")
        }
        // Far fewer cells than the finest lattice (41 x 33 per facet).
        let finest = 2 * 41 * 33
        print("cells: \(d.cells.count) of \(finest) at the finest resolution; per round \(d.roundSummaries)")
        #expect(d.cells.count < finest / 3)
    }

    @Test func eachFacetIsRefinedAlongItsOwnBoundary() throws {
        let (planner, d) = try Self.run(Self.grid)
        let positions = (0..<2).map { f in Set(d.cells.filter { $0.key.facet == f && $0.round > 0 }.map(\.key.position)) }
        #expect(!positions[0].isEmpty && !positions[1].isEmpty)
        // The boundaries are 1.5 decades apart: the facets' refined cells differ.
        #expect(positions[0].intersection(positions[1]).count < min(positions[0].count, positions[1].count) / 4)
        #expect(d.facets == [[.lr: .double(0.05)], [.lr: .double(0.1)]])
        #expect(planner.facets.count == 2)
    }

    /// On every point of the finest lattice, the estimate interpolated from the leaves is on the
    /// true side: a box whose corners agree lies wholly on one side of a straight boundary, and
    /// the finest boxes that straddle it have only cells as lattice points.
    @Test func theRefinedEstimatePutsEachPointOnItsSide() throws {
        let (planner, d) = try Self.run(Self.grid)
        var wrong = 0, checked = 0
        for f in 0..<2 {
            for x in stride(from: 0, through: planner.lattices[0].last, by: 2) {
                for y in stride(from: 0, through: planner.lattices[1].last, by: 2) {
                    let c = planner.config(of: AdaptiveCellKey(facet: f, position: [x, y]))
                    guard let e = d.estimate(facet: f, at: [.targetStd: c.targetStd, .momentum: c.momentum]) else {
                        Issue.record("no estimate at \(c.targetStd), \(c.momentum)")
                        continue
                    }
                    checked += 1
                    if (e > 0.5) != (Self.truth(c) > 0.5) { wrong += 1 }
                }
            }
        }
        print("estimate on the wrong side at \(wrong) of \(checked) lattice points")
        #expect(checked > 1000 && wrong == 0)
    }

    @Test func theDifferenceRuleRefinesWhereNeighboursDiffer() throws {
        let text = Self.grid.replacingOccurrences(of: "  level: 0.5\n", with: "")
            .replacingOccurrences(of: "rounds: 3}", with: "rounds: 2, rule: difference}")
        let (planner, d) = try Self.run(text)
        #expect(d.isFinished && d.round == 2)
        for cell in d.cells where cell.round > 0 {
            #expect(Self.isNearTheBoundary(cell, planner: planner), "round \(cell.round) cell at \(cell.bounds)")
        }
        // Without a level, cells stop on the half-width alone: all-0 and all-1 cells at 81 seeds.
        #expect(d.cells.allSatisfy { $0.tally.stop == .halfWidth && $0.tally.seedsIssued == 81 })
    }

    @Test func withoutRefineEveryGridCellIsOneFacet() throws {
        let text = Self.grid.replacingOccurrences(of: "\n  refine: {axes: [targetStd, momentum], rounds: 3}", with: "")
        let (planner, d) = try Self.run(text)
        #expect(planner.refinedAxes.isEmpty && d.leaves.isEmpty)
        #expect(d.cells.count == 2 * 6 * 5 && d.facets.count == 60)
        #expect(d.isFinished && d.round == 0)
        for (f, facet) in d.facets.enumerated() {
            let c = try #require(d.cells.first { $0.key.facet == f })
            #expect(facet.allSatisfy { c.config[$0.key] == $0.value })
            #expect(d.estimate(facet: f, at: [:]) == Self.truth(c.config))
        }
    }

    @Test func cellBoundsTileTheRangeByRound() throws {
        let (planner, d) = try Self.run(Self.grid)
        // Round-0 cells: halfway to their neighbours, clipped at the range's ends.
        let corner = try #require(d.cells.first { $0.round == 0 && $0.key.position == [0, 0] && $0.key.facet == 0 })
        #expect(corner.bounds[.targetStd]!.lowerBound == 1e-4)
        #expect(abs(log10(corner.bounds[.targetStd]!.upperBound) + 3.5) < 1e-12)
        #expect(corner.bounds[.momentum] == 0...0.1)
        // A round-r cell's extent is 2^-r of a grid step on each axis (away from the ends).
        for cell in d.cells where cell.round > 0 {
            let m = cell.bounds[.momentum]!
            let atEnd = cell.key.position[1] == 0 || cell.key.position[1] == planner.lattices[1].last
            if !atEnd { #expect(abs((m.upperBound - m.lowerBound) - 0.2 / Double(1 << cell.round)) < 1e-12) }
        }
        // Leaves: corners are cells, boxes of the last round may disagree, none is undecided.
        #expect(d.leaves.allSatisfy { $0.corners.allSatisfy { $0 >= 0 } && $0.state != .undecided })
        #expect(d.leaves.contains { $0.state == .disagrees } && d.leaves.allSatisfy { $0.state == .agrees || $0.round == 3 })
    }
}
