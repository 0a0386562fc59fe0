import Foundation
import Testing
@testable import ReLUTheory

/// Eigenvalues, characteristic polynomial and iteration matrix of the momentum linear system.
struct MomentumSystemTests {
    static let betas = [0.0, 0.3, 0.5, 0.9, 0.99]
    static let stepCurvatures = [-0.5, 0.0, 1e-3, 0.01, 0.1, 0.5, 0.9, 1.0, 1.2, 1.5, 2.0, 3.0, 3.9, 5.0]

    /// det(M - mu I) from the matrix entries, in complex arithmetic.
    func matrixCharacteristic(_ m: IterationMatrix, _ mu: Eigenvalue) -> Eigenvalue {
        let a = Eigenvalue(re: m.a11) - mu
        let d = Eigenvalue(re: m.a22) - mu
        return a * d - Eigenvalue(re: m.a12 * m.a21)
    }

    @Test(arguments: MomentumMethod.allCases)
    func eigenvaluesAreRootsOfBothPolynomials(method: MomentumMethod) {
        for beta in Self.betas {
            for h in Self.stepCurvatures {
                // lr != 1 so that the (e, v) matrix differs from its (e, lr v) form.
                let system = MomentumSystem(method: method, lr: 0.05, beta: beta, curvature: h / 0.05)
                let (a, b) = system.eigenvalues
                for mu in [a, b] {
                    let scale = 1 + mu.magnitude * mu.magnitude
                    #expect(system.characteristic(at: mu).magnitude < 1e-12 * scale, "p(mu) != 0 at h \(h), beta \(beta)")
                    #expect(matrixCharacteristic(system.iterationMatrix, mu).magnitude < 1e-12 * scale * 20,
                            "det(M - mu I) != 0 at h \(h), beta \(beta)")
                }
                // Vieta: sum = trace, product = determinant of the matrix itself.
                let m = system.iterationMatrix
                #expect(abs((a + b).re - m.trace) < 1e-12 * (1 + abs(m.trace)))
                #expect(abs((a * b).re - m.determinant) < 1e-12 * (1 + abs(m.determinant)))
                #expect(abs((a + b).im) < 1e-12 && abs((a * b).im) < 1e-12)
            }
        }
    }

    @Test(arguments: MomentumMethod.allCases)
    func spectralRadiusMatchesGrowthOfMatrixPowers(method: MomentumMethod) {
        for beta in Self.betas {
            for h in Self.stepCurvatures {
                let system = MomentumSystem(method: method, lr: 1, beta: beta, curvature: h)
                let rho = system.spectralRadius
                guard rho > 0.05 else { continue }  // (near-)nilpotent cases have no growth rate to compare
                // Gelfand: ||M^k||^(1/k) -> rho. Renormalize as we go to avoid over/underflow.
                let m = system.iterationMatrix
                var p = IterationMatrix.identity
                var logNorm = 0.0
                let k = 3000
                for _ in 0..<k {
                    p = p * m
                    let n = p.maxNorm
                    logNorm += log(n)
                    p = IterationMatrix(p.a11 / n, p.a12 / n, p.a21 / n, p.a22 / n)
                }
                let estimate = exp(logNorm / Double(k))
                // A double root adds a factor k to ||M^k||: log(k)/k ~ 0.3%; allow 1%.
                #expect(abs(estimate - rho) < 0.01 * rho, "Gelfand \(estimate) vs rho \(rho) at h \(h), beta \(beta)")
            }
        }
    }

    @Test(arguments: MomentumMethod.allCases)
    func matrixPowersReproduceTheOptimizer(method: MomentumMethod) {
        let lr = 0.1, curvature = 7.0, beta = 0.8
        let system = MomentumSystem(method: method, lr: lr, beta: beta, curvature: curvature)
        var sim = QuadraticMomentumSimulator(method: method, lr: lr, beta: beta, curvature: curvature,
                                             initialError: 1.5, initialVelocity: -0.25)
        let errors = sim.run(steps: 25)
        for k in [1, 2, 7, 25] {
            let state = system.iterationMatrix.power(k).applied(to: (1.5, -0.25))
            #expect(abs(state.error - errors[k]) < 1e-12, "step \(k)")
        }
        #expect(abs(system.iterationMatrix.power(25).applied(to: (1.5, -0.25)).velocity - sim.velocity) < 1e-12)
    }

    @Test func heavyBallComplexModulusAndRotation() throws {
        for beta in [0.3, 0.9, 0.99] {
            let b = try RegimeBoundaries(method: .heavyBall, beta: beta)
            for t in [0.1, 0.5, 0.9] {
                let h = b.complexLower + t * (min(b.complexUpper, b.convergenceUpper) - b.complexLower)
                let system = MomentumSystem(method: .heavyBall, lr: 1, beta: beta, curvature: h)
                #expect(system.regime == .complex)
                #expect(abs(system.spectralRadius - beta.squareRoot()) < 1e-12)
                let expected = acos((1 + beta - h) / (2 * beta.squareRoot()))
                #expect(abs(system.rotationPerStep - expected) < 1e-9)
            }
        }
    }

    @Test func nesterovComplexModulus() throws {
        for beta in [0.3, 0.9] {
            let b = try RegimeBoundaries(method: .nesterov, beta: beta)
            let h = (b.complexLower + b.complexUpper) / 2
            let system = MomentumSystem(method: .nesterov, lr: 1, beta: beta, curvature: h)
            #expect(system.regime == .complex)
            #expect(abs(system.spectralRadius - (beta * (1 - h)).squareRoot()) < 1e-12)
        }
    }

    @Test func rotationOfRealRegimes() {
        // Both roots positive below the complex band; both negative above it (heavy ball).
        let low = MomentumSystem(method: .heavyBall, lr: 1, beta: 0.5, curvature: 0.01)
        #expect(low.regime == .real && low.rotationPerStep == 0)
        let high = MomentumSystem(method: .heavyBall, lr: 1, beta: 0.1, curvature: 2.1)
        #expect(high.regime == .real && abs(high.rotationPerStep - Double.pi) < 1e-12)
    }

    @Test func paperNumbersForBetaPointNine() throws {
        // paper.md: for beta = 0.9 almost every step size oscillates (0.0026 < lr*lambda < 3.80).
        let b = try RegimeBoundaries(method: .heavyBall, beta: 0.9)
        #expect(abs(b.complexLower - 0.0026) < 0.00005)
        #expect(abs(b.convergenceUpper - 3.80) < 0.005)
        // (1 + sqrt beta)^2 < 2 (1 + beta): a thin real band with negative eigenvalues remains.
        #expect(b.complexUpper < b.convergenceUpper && b.convergenceUpper - b.complexUpper < 0.01)
    }

    @Test func invalidBetaIsAnErrorNamingIt() {
        #expect(throws: TheoryError.self) { try RegimeBoundaries(method: .heavyBall, beta: 1) }
        do {
            _ = try RegimeBoundaries(method: .nesterov, beta: -0.1)
            Issue.record("beta -0.1 accepted")
        } catch {
            #expect(error.argument == "beta")
        }
    }
}
