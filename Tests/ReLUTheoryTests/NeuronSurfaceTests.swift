import Foundation
import Testing
@testable import ReLUTheory

/// v max(0, w x + b) + c: gradient and Hessian against finite differences, and its strict
/// saddle at w = 0, b > 0, v = 0, c = mean(y) on relu1d.
struct NeuronSurfaceTests {
    static let data = TestData.relu1d(count: 1024)
    static let surface = try! NeuronSurface(x: data.x, y: data.y)

    /// Random parameters with no data point within 1e-3 of the hinge.
    func smoothPoints(_ count: Int) -> [[Double]] {
        var rng = SplitMix64(seed: 21)
        var out: [[Double]] = []
        while out.count < count {
            let p = (0..<4).map { _ in 3 * rng.nextUniform() - 1.5 }
            if Self.data.x.allSatisfy({ abs(p[0] * $0 + p[1]) > 1e-3 }) { out.append(p) }
        }
        return out
    }

    @Test func gradientAndHessianMatchFiniteDifferences() {
        let s = Self.surface
        let h = 1e-6
        for p in smoothPoints(20) {
            let g = s.gradient(p)
            let hess = s.hessian(p)
            for i in 0..<4 {
                var plus = p, minus = p
                plus[i] += h
                minus[i] -= h
                let numeric = (s.loss(plus) - s.loss(minus)) / (2 * h)
                #expect(abs(g[i] - numeric) < 1e-6 * (1 + abs(numeric)), "dL/dp\(i) at \(p)")
                let gp = s.gradient(plus), gm = s.gradient(minus)
                for j in 0..<4 {
                    let column = (gp[j] - gm[j]) / (2 * h)
                    #expect(abs(hess[j][i] - column) < 1e-5 * (1 + abs(column)), "H[\(j)][\(i)] at \(p)")
                }
            }
            for i in 0..<4 { for j in 0..<4 { #expect(hess[i][j] == hess[j][i]) } }
        }
    }

    @Test("strict saddle at w = 0, b = 1, v = 0, c = mean(y): eigenvalues about (-1.42, 0, 1.03, 4.40)")
    func zeroOutputSaddle() throws {
        let s = Self.surface
        let p = s.zeroOutputSaddle(b: 1)
        #expect(s.gradient(p).allSatisfy { abs($0) < 1e-12 })
        // The Hessian by central differences of the gradient (the unit is active on every point
        // within the step, so these are exact up to rounding).
        let h = 1e-5
        var numeric = [[Double]](repeating: [0, 0, 0, 0], count: 4)
        for i in 0..<4 {
            var plus = p, minus = p
            plus[i] += h
            minus[i] -= h
            let gp = s.gradient(plus), gm = s.gradient(minus)
            for j in 0..<4 { numeric[j][i] = (gp[j] - gm[j]) / (2 * h) }
        }
        let symmetric = (0..<4).map { i in (0..<4).map { j in (numeric[i][j] + numeric[j][i]) / 2 } }
        let fromDifferences = SymmetricEigen.eigenvalues(symmetric)
        let analytic = s.hessianEigenvalues(p)
        for (a, b) in zip(analytic, fromDifferences) { #expect(abs(a - b) < 1e-6, "\(analytic) vs \(fromDifferences)") }
        let expected = [-1.42, 0, 1.03, 4.40]
        for (a, e) in zip(analytic, expected) { #expect(abs(a - e) < 0.02, "eigenvalues \(analytic)") }
        // The closed form: with x standardized, the (v, w, c) block [[2b^2, -2C, 2b], [-2C, 0, 0],
        // [2b, 0, 2]], C = mean(x y), and b flat.
        let cov = zip(Self.data.x, Self.data.y).reduce(0) { $0 + $1.0 * $1.1 } / Double(Self.data.x.count)
        let block = SymmetricEigen.eigenvalues([[2, -2 * cov, 2], [-2 * cov, 0, 0], [2, 0, 2]])
        let closed = ([0] + block).sorted()
        for (a, c) in zip(analytic, closed) { #expect(abs(a - c) < 1e-9, "\(analytic) vs closed form \(closed)") }
        // Strict: the loss falls at second order along the negative eigenvector, both ways, and
        // rises along the positive ones; along b it is flat (a ray of saddles).
        let (values, vectors) = SymmetricEigen.decompose(s.hessian(p))
        let l0 = s.loss(p)
        for (lambda, v) in zip(values, vectors) {
            for t in [1e-3, -1e-3] {
                let q = zip(p, v).map { $0 + t * $1 }
                let change = s.loss(q) - l0
                if lambda < -0.1 { #expect(change < 0 && abs(change - 0.5 * lambda * t * t) < 0.05 * abs(lambda) * t * t) }
                if lambda > 0.1 { #expect(change > 0) }
            }
        }
        for b in [0.3, 1.0, 4.0] { #expect(s.gradient(s.zeroOutputSaddle(b: b)).allSatisfy { abs($0) < 1e-12 }) }
        #expect(SymmetricEigen.eigenvalues(s.hessian(s.zeroOutputSaddle(b: 0.3)))[0] < 0)
    }

    @Test func eigenDecompositionIsExact() {
        var rng = SplitMix64(seed: 4)
        for n in [2, 3, 4, 6] {
            var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for i in 0..<n { for j in i..<n { a[i][j] = 2 * rng.nextUniform() - 1; a[j][i] = a[i][j] } }
            let (values, vectors) = SymmetricEigen.decompose(a)
            #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 })
            for (lambda, v) in zip(values, vectors) {
                let av = (0..<n).map { i in (0..<n).reduce(0) { $0 + a[i][$1] * v[$1] } }
                for i in 0..<n { #expect(abs(av[i] - lambda * v[i]) < 1e-12) }
                #expect(abs(v.reduce(0) { $0 + $1 * $1 } - 1) < 1e-12)
            }
            let trace = (0..<n).reduce(0) { $0 + a[$1][$1] }
            #expect(abs(values.reduce(0, +) - trace) < 1e-12)
        }
    }
}
