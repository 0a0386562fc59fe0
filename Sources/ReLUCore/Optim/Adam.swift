/// Adam in PyTorch's form: m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2;
/// theta <- theta - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// The bias corrections use powers built by repeated multiplication in Double (no libm pow).
public final class Adam: Optimizer {
    public let lr: Float
    public let beta1: Float
    public let beta2: Float
    public let eps: Float
    public let count: Int
    public let firstMoment: FloatBuffer
    public let secondMoment: FloatBuffer
    private var beta1Power = 1.0
    private var beta2Power = 1.0

    public init(lr: Float, beta1: Float, beta2: Float, eps: Float, count: Int) {
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.count = count
        firstMoment = FloatBuffer(count: count)
        secondMoment = FloatBuffer(count: count)
    }

    public func step(parameters p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>) {
        beta1Power *= Double(beta1)
        beta2Power *= Double(beta2)
        let stepSize = Float(Double(lr) / (1 - beta1Power))
        let correction2 = Float((1 - beta2Power).squareRoot())
        // Per element, vectorized in C: m = beta1 * m + (1 - beta1) * g;
        // v = beta2 * v + (1 - beta2) * (g * g); p -= stepSize * (m / (v.squareRoot() / correction2 + eps)).
        Kernels.adam(count: count, parameters: p, firstMoment: firstMoment.pointer, secondMoment: secondMoment.pointer,
                     gradients: g, beta1: beta1, beta2: beta2, stepSize: stepSize, correction2: correction2, eps: eps)
    }

    /// Under zero gradients the k-th future update is at most
    /// (lr / (1 - b1^t)) |m| / (sqrt(v) + eps) * (b1 / sqrt(b2))^k (the step size only shrinks,
    /// m decays by b1, sqrt(v) by sqrt(b2), and the bias correction only grows sqrt(v)/c);
    /// summed over k this is bounded when b1 < sqrt(b2).
    public func isFrozen(prefix: Int, parameters: UnsafePointer<Float>) -> Bool {
        let ratio = Double(beta1) / Double(beta2).squareRoot()
        guard ratio < 1, beta1Power < 1 else { return false }
        let stepSize = Double(lr) / (1 - beta1Power) / (1 - ratio)
        let m = firstMoment.pointer
        let v = secondMoment.pointer
        let eps = Double(self.eps)
        return updatesCannotMove(prefix: prefix, parameters: parameters) {
            stepSize * Double(m[$0].magnitude) / (Double(v[$0]).squareRoot() + eps)
        }
    }
}
