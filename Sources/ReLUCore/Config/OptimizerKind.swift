/// Optimizers, in PyTorch's conventions.
public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    /// theta <- theta - lr * g
    case sgd
    /// Heavy ball: v <- momentum * v + g; theta <- theta - lr * v
    case momentum
    /// v <- momentum * v + g; theta <- theta - lr * (g + momentum * v)
    case nesterov
    /// Adam with beta1 = momentum, beta2, eps, and bias correction.
    case adam
}
