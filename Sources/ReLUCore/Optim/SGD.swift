/// Plain gradient descent: theta <- theta - lr * g.
public final class SGD: Optimizer {
    public let lr: Float
    public let count: Int

    public init(lr: Float, count: Int) {
        self.lr = lr
        self.count = count
    }

    public func step(parameters p: UnsafeMutablePointer<Float>, gradients g: UnsafePointer<Float>) {
        for i in 0..<count { p[i] -= lr * g[i] }
    }

    /// Zero gradient, zero update.
    public func isFrozen(prefix: Int, parameters: UnsafePointer<Float>) -> Bool { true }
}
