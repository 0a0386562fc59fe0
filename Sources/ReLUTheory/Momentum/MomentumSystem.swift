import Foundation

/// A momentum method on one curvature direction of a quadratic: the loss along an eigenvector
/// of the Hessian with eigenvalue lambda is lambda/2 e^2 with e = theta - theta*, the gradient is
/// lambda e, and one step maps the state (e, v) linearly:
///
///     heavy ball  [e'; v'] = [[1 - lr lambda, -lr beta], [lambda, beta]] [e; v]
///     Nesterov    [e'; v'] = [[1 - lr lambda (1 + beta), -lr beta^2], [lambda, beta]] [e; v]
///
/// (v is PyTorch's momentum buffer). Eigenvalues depend only on h = lr*lambda and beta.
/// lambda is the Hessian eigenvalue whatever the loss convention; for the single ReLU, whose
/// loss is mean((f - y)^2) without a 1/2, it is an eigenvalue of (2/N) sum_A [x;1][x;1]^T.
public struct MomentumSystem: Hashable, Codable, Sendable {
    public let method: MomentumMethod
    public let lr: Double
    public let beta: Double
    /// lambda, the curvature along this direction.
    public let curvature: Double

    public init(method: MomentumMethod, lr: Double, beta: Double, curvature: Double) {
        self.method = method
        self.lr = lr
        self.beta = beta
        self.curvature = curvature
    }

    /// h = lr * lambda.
    public var stepCurvature: Double { lr * curvature }

    /// The matrix acting on (e, v).
    public var iterationMatrix: IterationMatrix {
        let h = stepCurvature
        switch method {
        case .heavyBall: return IterationMatrix(1 - h, -lr * beta, curvature, beta)
        case .nesterov: return IterationMatrix(1 - h * (1 + beta), -lr * beta * beta, curvature, beta)
        }
    }

    /// mu^2 - trace mu + determinant = 0, in closed form (not from the matrix entries).
    public var characteristicPolynomial: (trace: Double, determinant: Double) {
        let h = stepCurvature
        switch method {
        case .heavyBall: return (1 + beta - h, beta)
        case .nesterov: return ((1 + beta) * (1 - h), beta * (1 - h))
        }
    }

    /// p(mu) = mu^2 - trace mu + determinant, evaluated at a complex mu.
    public func characteristic(at mu: Eigenvalue) -> Eigenvalue {
        let (t, d) = characteristicPolynomial
        return mu * mu - t * mu + Eigenvalue(re: d)
    }

    /// Larger magnitude first; a complex pair with the positive imaginary part first.
    public var eigenvalues: (Eigenvalue, Eigenvalue) {
        let (t, d) = characteristicPolynomial
        return IterationMatrix.roots(trace: t, determinant: d)
    }

    public var spectralRadius: Double {
        let (a, b) = eigenvalues
        return max(a.magnitude, b.magnitude)
    }

    /// The closed-form regime (see `RegimeBoundaries`; equality convention in `MomentumRegime`).
    /// For beta outside [0, 1), where the closed form does not apply, the eigenvalues decide.
    public var regime: MomentumRegime {
        guard let boundaries = try? RegimeBoundaries(method: method, beta: beta) else { return eigenvalueRegime }
        return boundaries.regime(stepCurvature: stepCurvature)
    }

    /// The regime read off the computed eigenvalues (discriminant sign, spectral radius), for
    /// cross-checking the closed form away from its boundaries.
    public var eigenvalueRegime: MomentumRegime {
        if spectralRadius >= 1 { return .divergent }
        return eigenvalues.0.isReal ? .real : .complex
    }

    /// Angle in [0, pi] the dominant mode turns per step: arg(mu) for a complex pair
    /// (heavy ball: acos((1 + beta - h) / (2 sqrt beta))), 0 for a positive dominant real
    /// eigenvalue, pi for a negative one (sign flip every step).
    public var rotationPerStep: Double {
        let (mu, _) = eigenvalues
        return abs(mu.argument)
    }
}
