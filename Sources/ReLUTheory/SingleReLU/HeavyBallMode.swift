import Foundation

/// One mode of heavy-ball momentum on a quadratic, in closed form: along an eigenvector of
/// curvature lambda the error obeys e_{k+1} = (1 + beta - lr lambda) e_k - beta e_{k-1}, and
/// from rest (e_0 = 1, velocity 0, so e_1 = 1 - lr lambda)
///
///     e_k = A mu1^k + B mu2^k,   mu^2 - (1 + beta - lr lambda) mu + beta = 0,
///
/// written as rho^k (cos k phi + C sin k phi) when the roots are complex (rho = sqrt beta:
/// the underdamped overshoot of paper.md), and (1 + D k) mu^k for a double root.
public struct HeavyBallMode: Hashable, Sendable {
    public let lr: Double
    public let beta: Double
    public let curvature: Double

    public init(lr: Double, beta: Double, curvature: Double) {
        self.lr = lr
        self.beta = beta
        self.curvature = curvature
    }

    /// e_k / e_0 from rest.
    public func response(_ k: Int) -> Double {
        if k == 0 { return 1 }
        let t = 1 + beta - lr * curvature
        let e1 = 1 - lr * curvature
        let disc = t * t - 4 * beta
        let kk = Double(k)
        if disc < 0 {
            let rho = beta.squareRoot()
            let phi = acos(max(-1, min(1, t / (2 * rho))))
            let c = (e1 / rho - cos(phi)) / sin(phi)
            return pow(rho, kk) * (cos(kk * phi) + c * sin(kk * phi))
        }
        if disc == 0 {
            let mu = t / 2
            guard mu != 0 else { return 0 }
            return (1 + (e1 / mu - 1) * kk) * pow(mu, kk)
        }
        let r = disc.squareRoot()
        // Roots without cancellation: the larger in magnitude first, the other from mu1 mu2 = beta.
        let mu1 = (t + (t >= 0 ? r : -r)) / 2
        let mu2 = mu1 != 0 ? beta / mu1 : 0
        let a = (e1 - mu2) / (mu1 - mu2)
        return a * pow(mu1, kk) + (1 - a) * pow(mu2, kk)
    }
}
