import Foundation
import Testing
@testable import ReLUTheory

/// The closed-form regime boundaries against the optimizer's own iterates on a 1-D quadratic.
struct RegimeBoundariesTests {
    /// Signs of consecutive errors from (e, v) = (1, 0): how often they flip and how often they
    /// stay, counted after `burnIn` steps. The state is rescaled every step (linear dynamics), so
    /// thousands of steps neither underflow nor overflow.
    func signPattern(_ method: MomentumMethod, h: Double, beta: Double, steps: Int, burnIn: Int = 0) -> (flips: Int, keeps: Int) {
        var sim = QuadraticMomentumSimulator(method: method, lr: 1, beta: beta, curvature: h, initialError: 1)
        var flips = 0, keeps = 0
        for t in 0..<(burnIn + steps) {
            let previous = sim.error
            sim.step()
            if t >= burnIn && previous != 0 && sim.error != 0 {
                if (previous > 0) == (sim.error > 0) { keeps += 1 } else { flips += 1 }
            }
            let n = max(abs(sim.error), abs(sim.velocity))
            if n > 0 { sim.rescale(by: 1 / n) }
        }
        return (flips, keeps)
    }

    /// log of the state's norm after `steps` steps from (1, 0), accumulated under rescaling.
    func logGrowth(_ method: MomentumMethod, h: Double, beta: Double, steps: Int) -> Double {
        var sim = QuadraticMomentumSimulator(method: method, lr: 1, beta: beta, curvature: h, initialError: 1)
        var total = 0.0
        for _ in 0..<steps {
            sim.step()
            let n = max(abs(sim.error), abs(sim.velocity))
            total += log(n)
            sim.rescale(by: 1 / n)
        }
        return total
    }

    static let cases: [(MomentumMethod, Double)] = [(.heavyBall, 0.5), (.heavyBall, 0.9), (.nesterov, 0.5), (.nesterov, 0.9)]
    static let delta = 0.02

    @Test(arguments: 0..<4)
    func complexBandOscillatesAndItsOutsideDoesNot(caseIndex: Int) throws {
        let (method, beta) = Self.cases[caseIndex]
        let b = try RegimeBoundaries(method: method, beta: beta)
        // Just inside either edge of the band the error keeps turning: it both flips sign and
        // keeps it, again and again (a rotation by an angle strictly between 0 and pi).
        for h in [b.complexLower * (1 + Self.delta), b.complexUpper * (1 - Self.delta)] where h < b.convergenceUpper {
            #expect(MomentumSystem(method: method, lr: 1, beta: beta, curvature: h).regime == .complex)
            let p = signPattern(method, h: h, beta: beta, steps: 20000)
            #expect(p.flips >= 4 && p.keeps >= 4, "\(method) beta \(beta) h \(h): \(p)")
        }
        // Just below the band both eigenvalues are positive: from rest the error decreases
        // monotonically and never changes sign.
        let below = b.complexLower * (1 - Self.delta)
        #expect(MomentumSystem(method: method, lr: 1, beta: beta, curvature: below).regime == .real)
        var sim = QuadraticMomentumSimulator(method: method, lr: 1, beta: beta, curvature: below, initialError: 1)
        var previous = 1.0
        var monotone = true
        for _ in 0..<5000 {
            sim.step()
            if !(sim.error > 0 && sim.error < previous) { monotone = false }
            previous = sim.error
            sim.rescale(by: 1 / previous)
            previous = 1
        }
        #expect(monotone, "\(method) beta \(beta) h \(below): not monotone")
        // Just above the band (where it still converges) the dominant eigenvalue is negative and
        // real: once it dominates, the sign flips at every step, with no rotation.
        let above = b.complexUpper * (1 + Self.delta)
        if above < b.convergenceUpper {
            #expect(MomentumSystem(method: method, lr: 1, beta: beta, curvature: above).regime == .real)
            let p = signPattern(method, h: above, beta: beta, steps: 5000, burnIn: 2000)
            #expect(p.keeps == 0 && p.flips > 0, "\(method) beta \(beta) h \(above): \(p)")
        }
    }

    @Test(arguments: 0..<4)
    func convergenceBoundsSeparateDecayFromGrowth(caseIndex: Int) throws {
        let (method, beta) = Self.cases[caseIndex]
        let b = try RegimeBoundaries(method: method, beta: beta)
        let steps = 20000
        let inside = b.convergenceUpper * (1 - Self.delta)
        let outside = b.convergenceUpper * (1 + Self.delta)
        #expect(MomentumSystem(method: method, lr: 1, beta: beta, curvature: inside).regime != .divergent)
        #expect(MomentumSystem(method: method, lr: 1, beta: beta, curvature: outside).regime == .divergent)
        // Over 20000 steps: shrinks by more than e^-20, or grows by more than e^20.
        #expect(logGrowth(method, h: inside, beta: beta, steps: steps) < -20)
        #expect(logGrowth(method, h: outside, beta: beta, steps: steps) > 20)
        // The lower bound is lr*lambda = 0: a small negative curvature grows, a small positive one decays.
        #expect(logGrowth(method, h: -Self.delta, beta: beta, steps: steps) > 20)
        #expect(logGrowth(method, h: Self.delta, beta: beta, steps: steps) < -20)
        #expect(MomentumSystem(method: method, lr: 1, beta: beta, curvature: 0).regime == .divergent)
    }

    @Test(arguments: MomentumMethod.allCases)
    func closedFormAgreesWithEigenvaluesAwayFromBoundaries(method: MomentumMethod) throws {
        for beta in stride(from: 0.0, to: 0.999, by: 0.0333) {
            let b = try RegimeBoundaries(method: method, beta: beta)
            for h in RegimeMap.logSpaced(from: 1e-4, to: 20, count: 400) {
                if b.all.contains(where: { abs(h - $0) < 1e-9 * max(1, $0) }) { continue }
                let system = MomentumSystem(method: method, lr: 1, beta: beta, curvature: h)
                #expect(system.regime == system.eigenvalueRegime, "\(method) beta \(beta) h \(h)")
            }
        }
    }

    @Test(arguments: MomentumMethod.allCases)
    func simulatedRegimeAgreesAwayFromBoundaries(method: MomentumMethod) throws {
        var checked = 0
        for beta in [0.0, 0.3, 0.6, 0.9] {
            let b = try RegimeBoundaries(method: method, beta: beta)
            for h in RegimeMap.logSpaced(from: 0.01, to: 10, count: 40) {
                // Skip a band around each boundary, where rotation or decay is too slow to see.
                if b.all.contains(where: { h > 0.8 * $0 && h < 1.25 * $0 }) { continue }
                let cell = RegimeCell(method: method, stepCurvature: h, beta: beta, simulate: true)
                #expect(cell.simulated?.regime == cell.regime, "\(method) beta \(beta) h \(h): \(String(describing: cell.simulated))")
                checked += 1
            }
        }
        #expect(checked > 80)
    }

    @Test func equalityConvention() throws {
        for method in MomentumMethod.allCases {
            let b = try RegimeBoundaries(method: method, beta: 0.5)
            func regime(_ h: Double) -> MomentumRegime { b.regime(stepCurvature: h) }
            #expect(regime(b.complexLower) == .real)      // double real root
            #expect(regime(b.complexUpper) == .real)
            #expect(regime(b.convergenceUpper) == .divergent)  // |mu| = 1
            #expect(regime(0) == .divergent)
            // The closed-form boundaries are where the discriminant vanishes / |mu| reaches 1.
            let atLower = MomentumSystem(method: method, lr: 1, beta: 0.5, curvature: b.complexLower)
            let (t, d) = atLower.characteristicPolynomial
            #expect(abs(t * t - 4 * d) < 1e-12)
            let atTop = MomentumSystem(method: method, lr: 1, beta: 0.5, curvature: b.convergenceUpper)
            #expect(abs(atTop.spectralRadius - 1) < 1e-12)
        }
        // beta = 0 has no complex band at all.
        for method in MomentumMethod.allCases {
            let b = try RegimeBoundaries(method: method, beta: 0)
            #expect(b.complexLower == b.complexUpper)
            #expect(!RegimeMap.logSpaced(from: 1e-3, to: 10, count: 200).contains { b.regime(stepCurvature: $0) == .complex })
        }
    }

    @Test func regimeMapLayoutAndErrors() throws {
        let map = try RegimeMap(method: .nesterov, stepCurvatures: [0.001, 0.5, 1.2, 2], betas: [0, 0.9])
        #expect(map.cells.count == 8)
        let cell = map.cell(betaIndex: 1, stepCurvatureIndex: 1)
        #expect(cell.beta == 0.9 && cell.stepCurvature == 0.5 && cell.regime == .complex)
        #expect(map.cell(betaIndex: 0, stepCurvatureIndex: 3).regime == .divergent)
        #expect(map.cell(betaIndex: 1, stepCurvatureIndex: 2).regime == .real)
        #expect(throws: TheoryError.self) { try RegimeMap(method: .heavyBall, stepCurvatures: [], betas: [0.5]) }
        #expect(throws: TheoryError.self) { try RegimeMap(method: .heavyBall, stepCurvatures: [1], betas: [1.5]) }
    }
}
