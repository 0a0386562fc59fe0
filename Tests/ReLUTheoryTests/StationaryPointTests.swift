import Foundation
import Testing
@testable import ReLUTheory

/// Stationary points of the single-ReLU loss: found by enumeration, checked by probing the loss.
struct StationaryPointTests {
    /// Six points whose loss has smooth minima, kink minima and kink saddles (chosen by a
    /// search over small random data sets; the tests below verify every point they find).
    static let crafted = try! SingleReLUSurface(x: [-2.6, -1.7, -0.6, 0.45, 1.55, 2.25], y: [0.5, 0.2, 1, -1, -0.5, 1])
    static let plainSurfaces: [SingleReLUSurface] = [crafted, TestData.surface(), TestData.surface(count: 300, scale: 1e-3)]
    /// The same data with the output bias at its optimum (the training core's `single`), and a
    /// zigzag sample, whose profile has a kink saddle at w > 0.
    static let surfaces: [SingleReLUSurface] = plainSurfaces + plainSurfaces.map { $0.with(outputBias: true) }
        + [try! SingleReLUSurface(x: TestData.zigzag1d(count: 400).x, y: TestData.zigzag1d(count: 400).y, outputBias: true)]

    /// A step small enough that no data point other than a hinge point changes side, and that
    /// first-order terms dominate (probes of a kink saddle fail when the step is too large).
    func safeStep(_ s: SingleReLUSurface, _ p: StationaryPoint) -> Double {
        var m = Double.infinity
        for x in s.data.x {
            let z = abs(p.w * x + p.b)
            if z > 0 { m = min(m, z / (1 + abs(x))) }
        }
        return min(0.1 * m, 1e-5)
    }

    func directions(_ count: Int) -> [PlaneVector] {
        (0..<count).map { k in
            let a = 2 * Double.pi * (Double(k) + 0.37) / Double(count)
            return PlaneVector(w: cos(a), b: sin(a))
        }
    }

    @Test(arguments: 0..<7)
    func everyPointIsStationaryAndCorrectlyClassified(surfaceIndex: Int) throws {
        let s = Self.surfaces[surfaceIndex]
        let points = s.stationaryPoints()
        #expect(!points.isEmpty)
        for p in points {
            #expect(!s.isDead(w: p.w, b: p.b))
            #expect(s.activeSet(w: p.w, b: p.b) == p.activeSet)
            #expect(p.location == (p.hingeX == nil ? .smooth : .kink))
            #expect(abs(s.loss(w: p.w, b: p.b) - p.loss) <= 1e-15 * (1 + p.loss))
            let eps = safeStep(s, p)
            let l0 = s.loss(w: p.w, b: p.b)
            func l(_ d: PlaneVector, _ t: Double) -> Double { s.loss(w: p.w + t * d.w, b: p.b + t * d.b) }
            if let hinge = p.hingeX {
                #expect(p.w * hinge + p.b == 0, "a kink point sits on its hinge")
                let normal = PlaneVector(w: hinge, b: 1), along = PlaneVector(w: 1, b: -hinge)
                switch p.kind {
                case .saddle:
                    // Down on both sides of the hinge, up along it.
                    #expect(l(normal, eps) < l0 && l(normal, -eps) < l0, "saddle \(p) must fall across its hinge")
                    #expect(l(along, eps) > l0 && l(along, -eps) > l0, "saddle \(p) must rise along its hinge")
                case .minimum:
                    for d in directions(64) { #expect(l(d, eps) > l0, "kink minimum \(p) falls along \(d)") }
                case .degenerate:
                    for d in directions(64) { #expect(l(d, eps) >= l0 - 1e-12 * (1 + l0)) }
                case .degenerateSaddle:
                    // A piece's own stationary point on the hinge: flat along the hinge, falling
                    // across it on one side.
                    #expect(l(normal, eps) < l0 || l(normal, -eps) < l0, "degenerate saddle \(p) must fall across its hinge")
                    for t in [eps, -eps] { #expect(abs(l(along, t) - l0) < 1e-9 * (1 + l0), "flat along the hinge at \(p)") }
                }
            } else {
                let g = s.gradient(w: p.w, b: p.b)
                #expect(g.norm < 1e-9 * (1 + s.data.sumAbsY / Double(s.data.count)), "gradient \(g) at \(p)")
                #expect(p.hessianEigenvalues == s.hessian(on: p.activeSet).eigenvalues)
                switch p.kind {
                case .minimum:
                    #expect(p.hessianEigenvalues[0] > 0)
                    for d in directions(64) { #expect(l(d, eps) > l0, "minimum \(p) falls along \(d)") }
                case .degenerate:
                    let line = try #require(p.line)
                    #expect(abs(p.hessianEigenvalues[0]) < 1e-12 * p.hessianEigenvalues[1])
                    // Every point of the ray is stationary with the same active set and loss.
                    let lo = line.lowerW ?? (line.upperW.map { $0 - 10 } ?? -10)
                    let hi = line.upperW ?? (lo + 10 * max(1, abs(lo)))
                    for t in [0.01, 0.3, 0.99] {
                        // A vertical ray (output bias, every point active): b from its start up.
                        let w = line.vertical?.w ?? lo + t * (hi - lo)
                        let b = line.vertical.map { $0.lowerB + (t + 0.01) * max(1, abs($0.lowerB)) * 10 } ?? line.b(atW: w)
                        #expect(s.activeSet(w: w, b: b) == p.activeSet)
                        #expect(s.gradient(w: w, b: b).norm < 1e-9 * (1 + abs(w)))
                        #expect(abs(s.loss(w: w, b: b) - p.loss) < 1e-12)
                    }
                case .saddle, .degenerateSaddle:
                    Issue.record("a smooth point cannot be a saddle: each piece is convex (\(p))")
                }
            }
        }
    }

    @Test func craftedDataHasEveryKind() {
        let points = Self.crafted.stationaryPoints()
        #expect(points.contains { $0.kind == .saddle && $0.hingeX != nil })
        #expect(points.contains { $0.kind == .minimum && $0.hingeX != nil })
        #expect(points.contains { $0.kind == .minimum && $0.hingeX == nil })
        #expect(points.contains { $0.kind == .degenerate && $0.line != nil })
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.loss <= $1.loss })
    }

    @Test func gradientDescentEndsAtAListedPointOrDead() throws {
        // Completeness: plain gradient descent from a spread of starts must end in the dead
        // region or next to a listed minimum / degenerate ray (it cannot stop anywhere else).
        let s = Self.crafted
        let points = s.stationaryPoints()
        let sim = try TrajectorySimulator(surface: s, settings: TrajectorySettings(optimizer: .sgd, lr: 0.01, momentum: 0, steps: 100_000, recordEvery: 100_000))
        var alive = 0
        for w0 in stride(from: -2.0, through: 2.0, by: 0.5) {
            for b0 in stride(from: -1.0, through: 2.0, by: 0.5) {
                let end = sim.run(w0: w0, b0: b0).final
                if end.dead { continue }
                alive += 1
                let near = points.contains { p in
                    if p.kind == .saddle { return false }
                    if let line = p.line {
                        let inRange = (line.lowerW.map { end.w >= $0 - 1e-2 } ?? true) && (line.upperW.map { end.w <= $0 + 1e-2 } ?? true)
                        return inRange && abs(line.b(atW: end.w) - end.b) < 1e-2 * (1 + abs(end.w))
                    }
                    return abs(p.w - end.w) < 1e-2 && abs(p.b - end.b) < 1e-2
                }
                #expect(near, "descent from (\(w0), \(b0)) stopped at (\(end.w), \(end.b)), no listed point there")
            }
        }
        #expect(alive > 10)
    }

    @Test("with the output bias free, the zigzag profile has a kink saddle at w > 0 and relu1d none")
    func outputBiasSaddles() throws {
        let zigzag = Self.surfaces[6].stationaryPoints()
        #expect(zigzag.contains { $0.kind == .saddle && $0.location == .kink && $0.w > 0 })
        let r = TestData.relu1d(count: 400)
        let relu = try SingleReLUSurface(x: r.x, y: r.y, outputBias: true).stationaryPoints()
        #expect(!relu.contains { $0.kind == .saddle })
        // Its one minimum is the exact fit w max(0, x) + c (to the sample's standardization).
        let best = try #require(relu.first)
        #expect(best.kind == .minimum && best.loss < 1e-20)
        // ...and every point active gives the vertical ray of regressions (b trades off with c).
        #expect(relu.contains { $0.kind == .degenerate && $0.line?.vertical != nil })
    }

    @Test func reluDataGlobalMinimumFitsTheSlope() {
        // For targets max(0, x) (centered), the best single ReLU is active on large x with w > 0
        // and beats the dead region by far.
        let s = TestData.surface(count: 300)
        let best = s.stationaryPoints()[0]
        #expect(best.kind == .minimum && best.activeSet.kind == .suffix && best.w > 0.5)
        #expect(best.loss < 0.5 * s.deadLoss)
    }
}
