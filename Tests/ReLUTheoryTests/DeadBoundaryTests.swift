import Foundation
import Testing
@testable import ReLUTheory

/// The nonsmooth stationary points on the dead region's boundary (apex and edges), on relu1d
/// data as the training core draws it.
struct DeadBoundaryTests {
    static let data = TestData.relu1d(count: 1024)
    static let plain = try! SingleReLUSurface(x: data.x, y: data.y)
    static let withBias = try! SingleReLUSurface(x: data.x, y: data.y, outputBias: true)

    func direction(_ angle: Double) -> PlaneVector { PlaneVector(w: cos(angle), b: sin(angle)) }

    @Test("the apex is a nonsmooth saddle: within radius 1e-3 the loss falls in ~42% of directions, rises in ~42%",
          arguments: [false, true])
    func apexSaddle(outputBias: Bool) throws {
        let s = outputBias ? Self.withBias : Self.plain
        let apex = try #require(s.deadBoundaryPoints().first { $0.location == .apex })
        #expect(apex.w == 0 && apex.b == 0 && apex.kind == .saddle)
        let split = try #require(apex.directions)
        #expect(split.falling > 0.38 && split.falling < 0.46, "falling \(split.falling)")
        #expect(split.rising > 0.38 && split.rising < 0.46, "rising \(split.rising)")
        // Flat: the dead cone's directions, 60 degrees of 360 for x uniform on [-sqrt 3, sqrt 3].
        let cone = (atan2(-s.data.xMax, 1) - atan2(s.data.xMin, -1)) / (2 * Double.pi)
        #expect(abs(split.flat - cone) < 2.0 / Double(split.directions))
        #expect(abs(split.flat - 1.0 / 6) < 0.01)
        // The split is what the loss itself does at radius 1e-3 (not just its first-order part).
        let l0 = s.loss(w: 0, b: 0)
        var falls = 0, rises = 0
        let k = 720
        for i in 0..<k {
            let d = direction(2 * Double.pi * (Double(i) + 0.5) / Double(k))
            let l = s.loss(w: 1e-3 * d.w, b: 1e-3 * d.b)
            if l < l0 - 1e-15 { falls += 1 } else if l > l0 + 1e-15 { rises += 1 }
            // Where the first-order slope is clearly nonzero the step follows its sign.
            let slope = s.deadDirectionalDerivative(at: .zero, along: d)
            if abs(slope) > 1e-3 { #expect((l < l0) == (slope < 0), "direction \(d): slope \(slope), change \(l - l0)") }
        }
        #expect(abs(Double(falls) / Double(k) - split.falling) < 0.01)
        #expect(abs(Double(rises) / Double(k) - split.rising) < 0.01)
    }

    @Test("with c free, the w > 0 edge is a ray of degenerate saddles and the w < 0 edge of weak minima")
    func deadEdges() throws {
        let s = Self.withBias
        let points = s.deadBoundaryPoints()
        let plus = try #require(points.first { $0.location == .deadEdge && $0.w > 0 })
        let minus = try #require(points.first { $0.location == .deadEdge && $0.w < 0 })
        #expect(plus.kind == .degenerateSaddle && minus.kind == .degenerate)
        // Half of all directions point outwards.
        #expect(abs((plus.directions?.falling ?? 0) - 0.5) < 1e-3 && plus.directions?.rising == 0)
        #expect(abs((minus.directions?.rising ?? 0) - 0.5) < 1e-3 && minus.directions?.falling == 0)
        let xMax = s.data.xMax, xMin = s.data.xMin
        let lMid = s.deadLoss
        for t in [0.05, 0.7, 3.0] {
            // On the edges: in the dead region, zero gradient, the dead loss.
            for (p, outward) in [(PlaneVector(w: t, b: -t * xMax), PlaneVector(w: xMax, b: 1)),
                                 (PlaneVector(w: -t, b: t * xMin), PlaneVector(w: xMin, b: 1))] {
                #expect(s.isDead(w: p.w, b: p.b) && s.gradient(w: p.w, b: p.b) == .zero)
                #expect(s.loss(w: p.w, b: p.b) == lMid)
                let u = PlaneVector(w: outward.w / outward.norm, b: outward.b / outward.norm)
                let eps = 1e-4 * t
                let out = s.loss(w: p.w + eps * u.w, b: p.b + eps * u.b)
                let inward = s.loss(w: p.w - eps * u.w, b: p.b - eps * u.b)
                #expect(inward == lMid, "flat inwards")
                if p.w > 0 {
                    #expect(out < lMid, "the w > 0 edge falls outwards")
                    // Just outside, descent points away from the dead region.
                    let g = s.gradient(w: p.w + eps * u.w, b: p.b + eps * u.b)
                    #expect(-(g.w * u.w + g.b * u.b) > 0)
                } else {
                    #expect(out > lMid, "the w < 0 edge rises outwards")
                    let g = s.gradient(w: p.w + eps * u.w, b: p.b + eps * u.b)
                    #expect(-(g.w * u.w + g.b * u.b) < 0, "descent points back onto the edge")
                }
            }
        }
        // The training core's dynamics (w, b, c) started on an edge do not move w, b.
        let settings = TrajectorySettings(optimizer: .momentum, lr: 0.05, momentum: 0.9, steps: 200, outputBias: true)
        let run = try TrajectorySimulator(surface: s, settings: settings).run(w0: plus.w, b0: plus.b)
        #expect(run.final.w == plus.w && run.final.b == plus.b && run.deadAtEnd)
    }

    @Test("targets below c at x_max turn the w > 0 edge into weak minima; the edge kind follows the outward slope")
    func edgeKindFollowsTheTargetsAtTheEnds() throws {
        // Mirror relu1d: y = max(0, -x). Now x_min's targets are high and x_max's low.
        let mirrored = try SingleReLUSurface(x: Self.data.x.map { -$0 }, y: Self.data.y, outputBias: true)
        let points = mirrored.deadBoundaryPoints()
        #expect(points.first { $0.location == .deadEdge && $0.w > 0 }?.kind == .degenerate)
        #expect(points.first { $0.location == .deadEdge && $0.w < 0 }?.kind == .degenerateSaddle)
        #expect(points.first { $0.location == .apex }?.kind == .saddle)
    }
}
