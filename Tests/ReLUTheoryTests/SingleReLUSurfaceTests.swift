import Foundation
import Testing
@testable import ReLUTheory

/// Loss, gradient, Hessian and active sets of the single-ReLU surface.
struct SingleReLUSurfaceTests {
    let surface = TestData.surface()

    /// Random (w, b) with no data point within `margin` of its hinge, so finite differences of
    /// size < margin stay on one quadratic piece.
    func smoothPoints(_ count: Int, margin: Double = 1e-3) -> [PlaneVector] {
        var rng = TestData.Numbers(seed: 7)
        var out: [PlaneVector] = []
        while out.count < count {
            let p = PlaneVector(w: 2 * rng.next(), b: 2 * rng.next())
            let clear = surface.data.x.allSatisfy { abs(p.w * $0 + p.b) > margin * (1 + abs($0)) }
            if clear && !surface.isDead(w: p.w, b: p.b) { out.append(p) }
        }
        return out
    }

    @Test func lossFollowsTheCoreConvention() {
        // mean((max(0, w x + b) - y)^2), no 1/2: checked by hand on three points.
        let s = try! SingleReLUSurface(x: [-1, 0, 2], y: [0.5, -1, 3])
        // w = 1, b = 0.5: f = [0, 0.5, 2.5]; residuals [-0.5, 1.5, -0.5].
        #expect(abs(s.loss(w: 1, b: 0.5) - (0.25 + 2.25 + 0.25) / 3) < 1e-15)
        // gradient (2/N) sum_A r [x; 1] over A = {x = 0, 2}: w: (2/3)(0 - 1) = -2/3; b: (2/3)(1.5 - 0.5) = 2/3.
        let g = s.gradient(w: 1, b: 0.5)
        #expect(abs(g.w + 2.0 / 3) < 1e-15 && abs(g.b - 2.0 / 3) < 1e-15)
        // Hessian (2/N) sum_A [x;1][x;1]^T = (2/3) [[4, 2], [2, 2]].
        let h = s.hessian(w: 1, b: 0.5)
        #expect(abs(h.ww - 8.0 / 3) < 1e-15 && abs(h.wb - 4.0 / 3) < 1e-15 && abs(h.bb - 4.0 / 3) < 1e-15)
    }

    @Test func gradientMatchesCentralDifferences() {
        let eps = 1e-5
        for p in smoothPoints(200) {
            let g = surface.gradient(w: p.w, b: p.b)
            let dw = (surface.loss(w: p.w + eps, b: p.b) - surface.loss(w: p.w - eps, b: p.b)) / (2 * eps)
            let db = (surface.loss(w: p.w, b: p.b + eps) - surface.loss(w: p.w, b: p.b - eps)) / (2 * eps)
            #expect(abs(g.w - dw) < 1e-7 * (1 + abs(dw)), "dL/dw at \(p)")
            #expect(abs(g.b - db) < 1e-7 * (1 + abs(db)), "dL/db at \(p)")
        }
    }

    @Test func hessianMatchesDifferencesOfTheGradient() {
        let eps = 1e-5
        for p in smoothPoints(100) {
            let h = surface.hessian(w: p.w, b: p.b)
            let gwPlus = surface.gradient(w: p.w + eps, b: p.b), gwMinus = surface.gradient(w: p.w - eps, b: p.b)
            let gbPlus = surface.gradient(w: p.w, b: p.b + eps), gbMinus = surface.gradient(w: p.w, b: p.b - eps)
            #expect(abs(h.ww - (gwPlus.w - gwMinus.w) / (2 * eps)) < 1e-6)
            #expect(abs(h.wb - (gwPlus.b - gwMinus.b) / (2 * eps)) < 1e-6)
            #expect(abs(h.wb - (gbPlus.w - gbMinus.w) / (2 * eps)) < 1e-6)
            #expect(abs(h.bb - (gbPlus.b - gbMinus.b) / (2 * eps)) < 1e-6)
            #expect(h.eigenvalues[0] >= -1e-12)  // a Gram matrix
        }
    }

    @Test func gradientIsExactlyZeroEverywhereInTheDeadRegion() {
        var rng = TestData.Numbers(seed: 11)
        let dead = surface.deadRegion
        var checked = 0
        for _ in 0..<2000 {
            let w = 5 * rng.next()
            let b = dead.boundaryB(w: w) - 5 * abs(rng.next())
            #expect(surface.isDead(w: w, b: b))
            #expect(surface.gradient(w: w, b: b) == .zero, "gradient at (\(w), \(b))")
            #expect(surface.loss(w: w, b: b) == surface.deadLoss)
            checked += 1
        }
        // The boundary itself (some point exactly on its hinge) is dead and has zero gradient too.
        for w in [-2.0, -0.5, 0.5, 2.0] {
            let b = dead.boundaryB(w: w)
            #expect(surface.isDead(w: w, b: b) && surface.gradient(w: w, b: b) == .zero)
        }
        // Just outside, the gradient is not zero (the targets of the newly active point are not fitted).
        #expect(surface.gradient(w: 1, b: dead.boundaryB(w: 1) + 0.05) != .zero)
        #expect(checked == 2000)
    }

    @Test func activeSetAndDeadRegionMatchBruteForce() {
        var rng = TestData.Numbers(seed: 5)
        let x = surface.data.x
        var points: [PlaneVector] = (0..<500).map { _ in PlaneVector(w: 3 * rng.next(), b: 3 * rng.next()) }
        // Points exactly on a hinge: that data point must count as inactive.
        for k in [0, 7, 20, 39] { points.append(PlaneVector(w: 0.7, b: -0.7 * x[k])); points.append(PlaneVector(w: -1.3, b: 1.3 * x[k])) }
        points += [PlaneVector(w: 0, b: 0.2), PlaneVector(w: 0, b: 0), PlaneVector(w: 0, b: -0.2)]
        for p in points {
            let brute = x.indices.filter { p.w * x[$0] + p.b > 0 }
            let a = surface.activeSet(w: p.w, b: p.b)
            #expect(Array(a.lower..<a.upper) == brute, "active set at \(p)")
            #expect(surface.isDead(w: p.w, b: p.b) == brute.isEmpty, "dead at \(p)")
            switch a.kind {
            case .none: #expect(brute.isEmpty)
            case .all: #expect(brute.count == x.count)
            case .prefix: #expect(p.w < 0)
            case .suffix: #expect(p.w > 0)
            }
        }
    }

    @Test func deadRegionPolygonIsTheDeadRegionInTheWindow() throws {
        let dead = surface.deadRegion
        for window in [try PlaneWindow(wMin: -2, wMax: 3, bMin: -2.5, bMax: 1),
                       try PlaneWindow(wMin: 0.5, wMax: 2, bMin: -1, bMax: 1),
                       try PlaneWindow(wMin: -1, wMax: 1, bMin: 0.5, bMax: 2)] {
            let polygon = dead.polygon(in: window)
            func insidePolygon(_ p: PlaneVector) -> Bool {
                // Even-odd ray casting.
                var inside = false
                var j = polygon.count - 1
                for i in polygon.indices {
                    let a = polygon[i], c = polygon[j]
                    if (a.b > p.b) != (c.b > p.b) && p.w < (c.w - a.w) * (p.b - a.b) / (c.b - a.b) + a.w { inside.toggle() }
                    j = i
                }
                return inside
            }
            var rng = TestData.Numbers(seed: 3)
            var deadSeen = 0
            for _ in 0..<3000 {
                let p = PlaneVector(w: window.wMin + (window.wMax - window.wMin) * (rng.next() + 1) / 2,
                                    b: window.bMin + (window.bMax - window.bMin) * (rng.next() + 1) / 2)
                // Skip points within a hair of the boundary, where the two tests may round differently.
                if abs(p.b - dead.boundaryB(w: p.w)) < 1e-9 { continue }
                let isDead = dead.contains(w: p.w, b: p.b)
                if isDead { deadSeen += 1 }
                #expect(insidePolygon(p) == isDead, "\(p) in \(window)")
            }
            if window.bMin > 0.4 && window.wMin > -1.1 && window.wMax < 1.1 {
                // This window lies above the apex: the cone of standardized-like data misses it.
                #expect(polygon.isEmpty && deadSeen == 0)
            }
        }
    }

    @Test func gradientFieldSamplesTheSurface() throws {
        let window = try PlaneWindow(wMin: -1, wMax: 2, bMin: -1.5, bMax: 1)
        let field = try surface.gradientField(in: window, wCount: 7, bCount: 5)
        #expect(field.ws.count == 7 && field.bs.count == 5 && field.gradientW.count == 35)
        #expect(field.ws.first == -1 && field.ws.last == 2 && field.bs.first == -1.5 && field.bs.last == 1)
        for j in 0..<5 {
            for i in 0..<7 {
                let k = field.index(wIndex: i, bIndex: j)
                let g = surface.gradient(w: field.ws[i], b: field.bs[j])
                #expect(field.gradientW[k] == g.w && field.gradientB[k] == g.b)
                #expect(field.loss[k] == surface.loss(w: field.ws[i], b: field.bs[j]))
                #expect(field.dead[k] == surface.isDead(w: field.ws[i], b: field.bs[j]))
            }
        }
        #expect(throws: TheoryError.self) { try surface.gradientField(in: window, wCount: 1, bCount: 5) }
    }

    @Test func badDataIsAnErrorNamingTheArgument() {
        do {
            _ = try SingleReLUSurface(x: [1, 2], y: [1])
            Issue.record("mismatched counts accepted")
        } catch { #expect(error.argument == "y") }
        do {
            _ = try SingleReLUSurface(x: [], y: [])
            Issue.record("empty data accepted")
        } catch { #expect(error.argument == "x") }
        do {
            _ = try SingleReLUSurface(x: [1, .nan], y: [1, 2])
            Issue.record("NaN accepted")
        } catch { #expect(error.argument == "x") }
    }
}
