import Foundation
import Testing
@testable import ReLUTheory

/// The expected single-ReLU loss for uniform x: derivatives against finite differences, and its
/// smooth saddles (sin(6x), zigzag1d) against the loss itself and against finite data.
struct PopulationSurfaceTests {
    static let cases: [(String, PopulationSurface)] = [
        ("relu1d", .relu1d()), ("relu1d c=0", .relu1d(outputBias: false)), ("sin6", .sine(frequency: 6)),
        ("sin6 c=0", .sine(frequency: 6, outputBias: false)), ("zigzag1d", .zigzag1d()), ("sin10", .sine(frequency: 10)),
    ]

    @Test func targetsAreStandardized() {
        for (name, s) in Self.cases {
            #expect(abs(s.xMin + 3.0.squareRoot()) < 1e-12 && abs(s.xMax - 3.0.squareRoot()) < 1e-12)
            let mean = PopulationSurface.integral(s.xMin, s.xMax, breakpoints: s.breakpoints, panelsPerUnit: 400) { s.y($0) } / (s.xMax - s.xMin)
            let square = PopulationSurface.integral(s.xMin, s.xMax, breakpoints: s.breakpoints, panelsPerUnit: 400) { s.y($0) * s.y($0) } / (s.xMax - s.xMin)
            #expect(abs(mean) < 1e-10 && abs(square - 1) < 1e-10, "\(name): mean \(mean), E[y^2] \(square)")
        }
        // The loss at the apex: E[y^2] = 1 (c = 0) or Var(y) = 1 (c free).
        #expect(abs(PopulationSurface.relu1d().loss(w: 0, b: -1) - 1) < 1e-10)
    }

    @Test("loss is E[(f - y)^2] by brute force; the gradient and Hessian match finite differences")
    func derivatives() {
        var rng = SplitMix64(seed: 9)
        for (name, s) in Self.cases {
            var checked = 0
            while checked < 12 {
                let w = 4 * rng.nextUniform() - 2, b = 4 * rng.nextUniform() - 2
                guard abs(w) > 0.2, !(w * s.xMin + b <= 0 && w * s.xMax + b <= 0) else { continue }
                checked += 1
                // Brute force on a fine midpoint grid, c at its optimum by its own formula.
                let m = 200_000
                var sum = 0.0, sumR = 0.0
                for i in 0..<m {
                    let x = s.xMin + (s.xMax - s.xMin) * (Double(i) + 0.5) / Double(m)
                    let r = max(0, w * x + b) - s.y(x)
                    sum += r * r
                    sumR += r
                }
                let brute = s.outputBias ? sum / Double(m) - (sumR / Double(m)) * (sumR / Double(m)) : sum / Double(m)
                #expect(abs(s.loss(w: w, b: b) - brute) < 1e-6 * (1 + brute), "\(name) loss at (\(w), \(b))")
                let h = 1e-5
                let g = s.gradient(w: w, b: b)
                let dw = (s.loss(w: w + h, b: b) - s.loss(w: w - h, b: b)) / (2 * h)
                let db = (s.loss(w: w, b: b + h) - s.loss(w: w, b: b - h)) / (2 * h)
                #expect(abs(g.w - dw) < 1e-6 * (1 + abs(dw)) && abs(g.b - db) < 1e-6 * (1 + abs(db)), "\(name) gradient at (\(w), \(b))")
                let hess = s.hessian(w: w, b: b)
                let gw1 = s.gradient(w: w + h, b: b), gw0 = s.gradient(w: w - h, b: b)
                let gb1 = s.gradient(w: w, b: b + h), gb0 = s.gradient(w: w, b: b - h)
                let tol = 1e-5 * (1 + abs(hess.ww) + abs(hess.bb))
                #expect(abs(hess.ww - (gw1.w - gw0.w) / (2 * h)) < tol, "\(name) H_ww at (\(w), \(b))")
                #expect(abs(hess.wb - (gb1.w - gb0.w) / (2 * h)) < tol, "\(name) H_wb at (\(w), \(b))")
                #expect(abs(hess.wb - (gw1.b - gw0.b) / (2 * h)) < tol, "\(name) H_bw at (\(w), \(b))")
                #expect(abs(hess.bb - (gb1.b - gb0.b) / (2 * h)) < tol, "\(name) H_bb at (\(w), \(b))")
            }
        }
    }

    /// Every listed point: zero gradient, and a saddle's loss falls along its negative
    /// eigenvector and rises along its positive one (both ways), a minimum's rises all round.
    func verify(_ s: PopulationSurface, _ points: [PopulationStationaryPoint], _ name: String) {
        for p in points {
            let g = s.gradient(w: p.w, b: p.b)
            #expect(g.norm < 1e-8, "\(name): gradient \(g) at \(p)")
            guard p.line == nil else { continue }
            let h = s.hessian(w: p.w, b: p.b)
            let l0 = p.loss
            func eigenvector(_ lambda: Double) -> PlaneVector {
                // (H - lambda I) v = 0: v = (wb, lambda - ww) or (lambda - bb, wb).
                let a = PlaneVector(w: h.wb, b: lambda - h.ww), b = PlaneVector(w: lambda - h.bb, b: h.wb)
                let v = a.norm > b.norm ? a : b
                return PlaneVector(w: v.w / v.norm, b: v.b / v.norm)
            }
            let t = 1e-3
            func l(_ d: PlaneVector, _ t: Double) -> Double { s.loss(w: p.w + t * d.w, b: p.b + t * d.b) }
            switch p.kind {
            case .saddle:
                let down = eigenvector(p.hessianEigenvalues[0]), up = eigenvector(p.hessianEigenvalues[1])
                #expect(l(down, t) < l0 && l(down, -t) < l0, "\(name): saddle \(p) must fall along its negative eigenvector")
                #expect(l(up, t) > l0 && l(up, -t) > l0, "\(name): saddle \(p) must rise along its positive eigenvector")
            case .minimum:
                for k in 0..<16 {
                    let a = 2 * Double.pi * Double(k) / 16
                    #expect(l(PlaneVector(w: cos(a), b: sin(a)), t) > l0, "\(name): minimum \(p)")
                }
            default: break
            }
        }
    }

    @Test("smooth saddles: sin(6x) one at w < 0, zigzag1d one at w > 0, relu1d none")
    func saddles() throws {
        for (name, s) in Self.cases {
            let points = s.stationaryPoints()
            verify(s, points, name)
            let saddles = points.filter { $0.kind == .saddle }
            switch name {
            case "relu1d", "relu1d c=0":
                #expect(saddles.isEmpty, "\(name): \(saddles)")
                #expect(points.first?.kind == .minimum)
            case "sin6":
                #expect(saddles.count == 1 && saddles.allSatisfy { $0.w < 0 }, "\(name): \(saddles)")
            case "zigzag1d":
                #expect(saddles.count == 1 && saddles.allSatisfy { $0.w > 0 }, "\(name): \(saddles)")
            case "sin10":
                #expect(saddles.count >= 2, "\(name): \(saddles)")
            default: break
            }
            for p in saddles {
                #expect(p.hessianEigenvalues[0] < 0 && p.hessianEigenvalues[1] > 0)
                let hinge = try #require(p.hinge)
                // The mechanism: the target at the hinge exceeds c, so the hinge term is negative.
                #expect(s.y(hinge) > s.outputBias(w: p.w, b: p.b))
            }
        }
    }

    @Test("finite data (4096 points) has a kink saddle next to each smooth saddle of the population")
    func finiteDataKinkSaddles() throws {
        for (population, data) in [
            (PopulationSurface.sine(frequency: 6), TestData.uniform(count: 4096, seed: 3) { sin(6 * $0) }),
            (PopulationSurface.zigzag1d(), TestData.zigzag1d(count: 4096, seed: 3)),
        ] {
            let finite = try SingleReLUSurface(x: data.x, y: data.y, outputBias: true).stationaryPoints()
            for p in population.stationaryPoints() where p.kind == .saddle {
                let near = finite.filter { $0.kind == .saddle && abs($0.w - p.w) < 0.1 && abs($0.b - p.b) < 0.1 }
                #expect(!near.isEmpty, "no kink saddle near (\(p.w), \(p.b))")
            }
        }
    }
}
