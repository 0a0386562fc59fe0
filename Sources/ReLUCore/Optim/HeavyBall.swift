/// Heavy-ball momentum in PyTorch's form: v <- momentum * v + g; theta <- theta - lr * v
/// (v starts at zero, so the first step is plain SGD, as PyTorch's buffer initialisation).
public final class HeavyBall: Optimizer {
    public let lr: Float
    public let momentum: Float
    public let count: Int
    public let velocity: FloatBuffer

    public init(lr: Float, momentum: Float, count: Int) {
        self.lr = lr
        self.momentum = momentum
        self.count = count
        velocity = FloatBuffer(count: count)
    }

    public func step(parameters p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>) {
        // v[i] = momentum * v[i] + g[i]; p[i] -= lr * v[i], vectorized in C.
        Kernels.heavyBall(count: count, parameters: p, velocity: velocity.pointer, gradients: g, lr: lr, momentum: momentum)
    }

    /// Under zero gradients v decays geometrically; the future updates sum to at most
    /// lr |v| / (1 - momentum).
    public func isFrozen(prefix: Int, parameters: UnsafePointer<Float>) -> Bool {
        let v = velocity.pointer
        let scale = Double(lr) / (1 - Double(momentum))
        return updatesCannotMove(prefix: prefix, parameters: parameters) { scale * Double(v[$0].magnitude) }
    }
}
