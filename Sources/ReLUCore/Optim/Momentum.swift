/// Momentum in PyTorch's form, v <- momentum * v + g, then either heavy ball,
/// theta <- theta - lr * v, or Nesterov, theta <- theta - lr * (g + momentum * v). v starts at
/// zero, so the first step is plain SGD (heavy ball) as PyTorch's buffer initialisation.
public final class Momentum: Optimizer {
    public let lr: Float
    public let momentum: Float
    public let nesterov: Bool
    public let count: Int
    public let velocity: FloatBuffer

    public init(lr: Float, momentum: Float, nesterov: Bool, count: Int) {
        self.lr = lr
        self.momentum = momentum
        self.nesterov = nesterov
        self.count = count
        velocity = FloatBuffer(count: count)
    }

    public func step(parameters p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>) {
        // Per element as above, vectorized in C.
        if nesterov {
            Kernels.nesterov(count: count, parameters: p, velocity: velocity.pointer, gradients: g, lr: lr, momentum: momentum)
        } else {
            Kernels.heavyBall(count: count, parameters: p, velocity: velocity.pointer, gradients: g, lr: lr, momentum: momentum)
        }
    }

    /// Under zero gradients v decays geometrically; the future updates sum to at most
    /// lr |v| / (1 - momentum) (Nesterov's too: its update is lr momentum v_t + lr g, g = 0).
    public func isFrozen(prefix: Int, parameters: UnsafePointer<Float>) -> Bool {
        let v = velocity.pointer
        let scale = Double(lr) / (1 - Double(momentum))
        return updatesCannotMove(prefix: prefix, parameters: parameters) { scale * Double(v[$0].magnitude) }
    }
}
