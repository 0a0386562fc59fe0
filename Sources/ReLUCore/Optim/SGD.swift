/// Plain gradient descent: theta <- theta - lr * g.
public final class SGD: Optimizer {
    public let lr: Float
    public let count: Int

    public init(lr: Float, count: Int) {
        self.lr = lr
        self.count = count
    }

    public func step(parameters p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>) {
        Kernels.sgd(count: count, parameters: p, gradients: g, lr: lr)  // p[i] -= lr * g[i]
    }

    /// Zero gradient, zero update.
    public func isFrozen(prefix: Int, parameters: UnsafePointer<Float>) -> Bool { true }
}
