import Foundation
import Testing
@testable import ReLUTheory

/// The (w, b) trajectory simulator: update rules, death, and the paper's momentum argument.
struct TrajectorySimulatorTests {
    static let tiny = try! SingleReLUSurface(x: [-1, 0, 2], y: [0.5, -1, 3])

    func run(_ s: SingleReLUSurface, _ optimizer: TrajectoryOptimizer, lr: Double = 0.1, momentum: Double = 0.9,
             steps: Int, from p: PlaneVector, outputBias: Bool = false) throws -> Trajectory {
        let settings = TrajectorySettings(optimizer: optimizer, lr: lr, momentum: momentum, steps: steps, outputBias: outputBias)
        return try TrajectorySimulator(surface: s, settings: settings).run(w0: p.w, b0: p.b)
    }

    @Test func updateRulesMatchHandComputedSteps() throws {
        let s = Self.tiny
        let p0 = PlaneVector(w: 1, b: 0.5)
        let lr = 0.1, beta = 0.9
        let g0 = s.gradient(w: p0.w, b: p0.b)  // (-2/3, 2/3), checked in SingleReLUSurfaceTests
        func close(_ a: TrajectoryPoint, _ w: Double, _ b: Double) -> Bool { abs(a.w - w) < 1e-14 && abs(a.b - b) < 1e-14 }

        let sgd = try run(s, .sgd, steps: 2, from: p0).points
        #expect(close(sgd[1], 1 + lr * 2 / 3, 0.5 - lr * 2 / 3))

        // Heavy ball: the first step is plain SGD; the second adds beta times the first gradient.
        let hb = try run(s, .momentum, steps: 2, from: p0).points
        #expect(close(hb[1], sgd[1].w, sgd[1].b))
        let g1 = s.gradient(w: hb[1].w, b: hb[1].b)
        #expect(close(hb[2], hb[1].w - lr * (beta * g0.w + g1.w), hb[1].b - lr * (beta * g0.b + g1.b)))

        // Nesterov: theta -= lr (g + beta v) with v = beta v + g.
        let nag = try run(s, .nesterov, steps: 2, from: p0).points
        #expect(close(nag[1], p0.w - lr * (1 + beta) * g0.w, p0.b - lr * (1 + beta) * g0.b))
        let n1 = s.gradient(w: nag[1].w, b: nag[1].b)
        let vw = beta * g0.w + n1.w, vb = beta * g0.b + n1.b
        #expect(close(nag[2], nag[1].w - lr * (n1.w + beta * vw), nag[1].b - lr * (n1.b + beta * vb)))

        // Adam: the bias-corrected first step is lr * g / (|g| + eps) per coordinate.
        let adam = try run(s, .adam, steps: 2, from: p0).points
        let eps = 1e-8
        #expect(close(adam[1], p0.w - lr * g0.w / (abs(g0.w) + eps), p0.b - lr * g0.b / (abs(g0.b) + eps)))
        let a1 = s.gradient(w: adam[1].w, b: adam[1].b)
        func adamSecond(_ g0: Double, _ g1: Double) -> Double {
            let m = beta * (1 - beta) * g0 + (1 - beta) * g1
            let v = 0.999 * 0.001 * g0 * g0 + 0.001 * g1 * g1
            return lr / (1 - beta * beta) * m / ((v).squareRoot() / (1 - 0.999 * 0.999).squareRoot() + eps)
        }
        #expect(close(adam[2], adam[1].w - adamSecond(g0.w, a1.w), adam[1].b - adamSecond(g0.b, a1.b)))
    }

    @Test func outputBiasFollowsItsOwnGradient() throws {
        // f = max(0, w x + b) + c: dL/dc = (2/N) sum (f - y) over every point.
        let t = try run(Self.tiny, .sgd, steps: 1, from: PlaneVector(w: 1, b: 0.5), outputBias: true)
        // residuals at c = 0: [-0.5, 1.5, -0.5] -> dL/dc = (2/3)(0.5) = 1/3.
        let c1 = try #require(t.points[1].c)
        #expect(abs(c1 - (-0.1 / 3)) < 1e-15)
        #expect(t.points[0].c == 0)
        #expect(try run(Self.tiny, .sgd, steps: 1, from: PlaneVector(w: 1, b: 0.5)).points[1].c == nil)
    }

    @Test func momentumWithTinyTargetsDiesWhereGradientDescentDoesNot() throws {
        // A deterministic crafted case of the paper's claim C1/C3: relu1d-like data with targets
        // scaled to 1e-3, He-scale start w = 1, b = 0, lr 0.05, 3000 full-batch steps.
        let small = TestData.surface(count: 200, scale: 1e-3)
        let start = PlaneVector(w: 1, b: 0)
        let heavy = try run(small, .momentum, lr: 0.05, momentum: 0.9, steps: 3000, from: start)
        let plain = try run(small, .momentum, lr: 0.05, momentum: 0, steps: 3000, from: start)
        #expect(heavy.deadAtEnd && heavy.firstDeadStep != nil)
        #expect(plain.firstDeadStep == nil && !plain.deadAtEnd)
        #expect(try run(small, .nesterov, lr: 0.05, momentum: 0.9, steps: 3000, from: start).deadAtEnd)
        // The same momentum run on unit-variance targets stays alive: it is the target scale.
        let unit = TestData.surface(count: 200, scale: 1)
        #expect(try run(unit, .momentum, lr: 0.05, momentum: 0.9, steps: 3000, from: start).firstDeadStep == nil)
    }

    @Test(arguments: [TrajectoryOptimizer.sgd, .momentum, .nesterov])
    func targetScaleActsAsInverseInitScale(optimizer: TrajectoryOptimizer) throws {
        // ReLU is positively homogeneous and these updates are linear in the gradient, so the
        // run for targets sigma y from theta0 is sigma times the run for y from theta0 / sigma.
        let sigma = 1e-3
        let d = TestData.relu(count: 100)
        let scaled = try SingleReLUSurface(x: d.x, y: d.y.map { sigma * $0 })
        let unit = try SingleReLUSurface(x: d.x, y: d.y)
        let a = try run(scaled, optimizer, lr: 0.05, steps: 400, from: PlaneVector(w: 1, b: 0.2))
        let b = try run(unit, optimizer, lr: 0.05, steps: 400, from: PlaneVector(w: 1 / sigma, b: 0.2 / sigma))
        for (p, q) in zip(a.points, b.points) {
            #expect(abs(p.w - sigma * q.w) <= 1e-9 * (abs(p.w) + 1e-12))
            #expect(abs(p.b - sigma * q.b) <= 1e-9 * (abs(p.b) + 1e-12))
            #expect(p.dead == q.dead)
        }
        #expect(a.firstDeadStep == b.firstDeadStep)
    }

    @Test func momentumCarriesAnEnteringIterateDeeper() throws {
        // In the dead region the gradient is zero, so heavy ball's velocity decays by beta per
        // step: an iterate that entered with velocity v (its last step was -lr v) travels a
        // further lr beta v / (1 - beta) = beta / (1 - beta) times that step (paper.md).
        let beta = 0.9
        let t = try run(TestData.surface(count: 200, scale: 1e-3), .momentum, lr: 0.05, momentum: beta, steps: 3000,
                        from: PlaneVector(w: 1, b: 0))
        let k = try #require(t.deadSinceStep)
        #expect(k > 0)
        let entry = t.points[k], before = t.points[k - 1]
        let predictedW = entry.w + beta / (1 - beta) * (entry.w - before.w)
        let predictedB = entry.b + beta / (1 - beta) * (entry.b - before.b)
        #expect(abs(t.final.w - predictedW) < 1e-9 && abs(t.final.b - predictedB) < 1e-9)
        #expect(abs(t.final.b - entry.b) > 1e-3)  // a real carry, not a rounding error
    }

    @Test func nothingMovesFromRestInsideTheDeadRegion() throws {
        for optimizer in TrajectoryOptimizer.allCases {
            let t = try run(Self.tiny, optimizer, steps: 50, from: PlaneVector(w: 0.3, b: -2))
            #expect(t.firstDeadStep == 0 && t.deadSinceStep == 0)
            #expect(t.final.w == 0.3 && t.final.b == -2)
        }
    }

    @Test func divergenceStopsTheRun() throws {
        let t = try run(Self.tiny, .momentum, lr: 50, momentum: 0.9, steps: 10_000, from: PlaneVector(w: 1, b: 0.5))
        let step = try #require(t.divergenceStep)
        #expect(t.stepsRun == step && step < 10_000 && !t.deadAtEnd)
    }

    @Test func recordingKeepsEveryNthStepAndTheLast() throws {
        let settings = TrajectorySettings(optimizer: .sgd, lr: 0.1, momentum: 0, steps: 25, recordEvery: 10)
        let t = try TrajectorySimulator(surface: Self.tiny, settings: settings).run(w0: 1, b0: 0.5)
        #expect(t.points.map(\.step) == [0, 10, 20, 25])
    }

    @Test func badSettingsAreErrorsNamingTheArgument() {
        for (settings, argument) in [
            (TrajectorySettings(optimizer: .sgd, lr: 0, momentum: 0, steps: 1), "lr"),
            (TrajectorySettings(optimizer: .momentum, lr: 0.1, momentum: 1, steps: 1), "momentum"),
            (TrajectorySettings(optimizer: .sgd, lr: 0.1, momentum: 0, steps: -1), "steps"),
            (TrajectorySettings(optimizer: .sgd, lr: 0.1, momentum: 0, steps: 1, recordEvery: 0), "recordEvery"),
        ] {
            do {
                _ = try TrajectorySimulator(surface: Self.tiny, settings: settings)
                Issue.record("accepted bad \(argument)")
            } catch {
                #expect(error.argument == argument)
            }
        }
    }
}
