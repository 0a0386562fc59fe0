import TestSupport
import Foundation
import Testing
@testable import Plot

@Suite struct ContourTracerTests {
    func grid(_ xs: [Double], _ ys: [Double], _ f: (Double, Double) -> Double) -> ContourTracer {
        ContourTracer(xs: xs, ys: ys, values: ys.flatMap { y in xs.map { x in f(x, y) } })
    }

    @Test func linearFieldGivesOneStraightOpenLine() {
        let xs = (0...10).map { Double($0) / 10 }
        let tracer = grid(xs, xs) { x, _ in x }
        let lines = tracer.lines(at: 0.55)
        #expect(lines.count == 1)
        let line = lines[0]
        #expect(line.count == 11)  // one crossing per row of grid points
        for p in line { #expect(abs(p.x - 0.55) < 1e-12) }
        #expect(Set(line.map(\.y)) == Set(xs))
    }

    @Test func circleIsOneClosedLoopNearTheRadius() {
        let xs = (0...40).map { -1 + Double($0) / 20 }
        let tracer = grid(xs, xs) { x, y in x * x + y * y }
        let lines = tracer.lines(at: 0.25)
        #expect(lines.count == 1)
        let loop = lines[0]
        #expect(loop.first == loop.last)
        #expect(loop.count > 30)
        // Linear interpolation of x^2 + y^2 between grid points stays within h^2/4 of the level.
        for p in loop { #expect(abs((p.x * p.x + p.y * p.y).squareRoot() - 0.5) < 0.01) }
    }

    @Test func nonFiniteValuesBreakTheLine() {
        let xs = (0...10).map { Double($0) / 10 }
        let tracer = grid(xs, xs) { x, y in abs(y - 0.5) < 0.01 ? .nan : x }
        // The row y = 0.5 is missing, so the cells on both sides of it are skipped.
        let lines = tracer.lines(at: 0.55)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { line in line.allSatisfy { abs($0.y - 0.5) > 0.05 } })
    }

    @Test func levelOutsideTheValuesGivesNothing() {
        let xs = [0.0, 1, 2]
        #expect(grid(xs, xs) { x, y in x + y }.lines(at: 10).isEmpty)
        #expect(ContourTracer(xs: [0], ys: [0, 1], values: [0, 1]).lines(at: 0.5).isEmpty)
    }
}
