/// Closed-form regime boundaries in h = lr*lambda for one momentum beta in [0, 1).
///
/// Heavy ball: mu^2 - (1 + beta - h) mu + beta = 0, so mu1 mu2 = beta.
/// - complex iff the discriminant (1 + beta - h)^2 - 4 beta < 0, i.e.
///   (1 - sqrt beta)^2 < h < (1 + sqrt beta)^2, and then |mu| = sqrt beta;
/// - converges iff 0 < h < 2 (1 + beta) (Jury: |det| < 1, p(1) = h > 0, p(-1) = 2 + 2 beta - h > 0).
///
/// Nesterov: mu^2 - (1 + beta)(1 - h) mu + beta (1 - h) = 0. With q = 1 - h the discriminant is
/// q ((1 + beta)^2 q - 4 beta), negative iff 0 < q < 4 beta / (1 + beta)^2, so
/// - complex iff ((1 - beta) / (1 + beta))^2 < h < 1, and then |mu| = sqrt(beta (1 - h)) < 1;
/// - converges iff 0 < h < 2 (1 + beta) / (1 + 2 beta): p(1) = h > 0 and
///   p(-1) = 1 + (1 + 2 beta)(1 - h) > 0; the third Jury condition |beta (1 - h)| < 1, i.e.
///   h < 1 + 1/beta, is implied. Beyond the upper bound an eigenvalue leaves through mu = -1.
///   For 1 < h below the bound the eigenvalues are real with opposite signs; at h = 1 both are 0.
///
/// With beta = 0 the complex band is empty (lower == upper) for both methods.
public struct RegimeBoundaries: Hashable, Codable, Sendable {
    public let method: MomentumMethod
    public let beta: Double
    /// Complex eigenvalues for complexLower < h < complexUpper.
    public let complexLower: Double
    public let complexUpper: Double
    /// Convergence for convergenceLower < h < convergenceUpper (convergenceLower is 0).
    public let convergenceLower: Double
    public let convergenceUpper: Double

    /// beta must be in [0, 1).
    public init(method: MomentumMethod, beta: Double) throws(TheoryError) {
        guard beta.isFinite, beta >= 0, beta < 1 else {
            throw TheoryError(argument: "beta", "momentum must be in [0, 1), got \(beta)")
        }
        self.method = method
        self.beta = beta
        convergenceLower = 0
        switch method {
        case .heavyBall:
            let r = beta.squareRoot()
            complexLower = (1 - r) * (1 - r)
            complexUpper = (1 + r) * (1 + r)
            convergenceUpper = 2 * (1 + beta)
        case .nesterov:
            let q = (1 - beta) / (1 + beta)
            complexLower = q * q
            complexUpper = 1
            convergenceUpper = 2 * (1 + beta) / (1 + 2 * beta)
        }
    }

    /// The regime at h = lr*lambda under the convention of `MomentumRegime`.
    public func regime(stepCurvature h: Double) -> MomentumRegime {
        guard h > convergenceLower, h < convergenceUpper else { return .divergent }
        return (h > complexLower && h < complexUpper) ? .complex : .real
    }

    /// The boundary values in increasing order, for drawing.
    public var all: [Double] { [convergenceLower, complexLower, complexUpper, convergenceUpper] }
}
