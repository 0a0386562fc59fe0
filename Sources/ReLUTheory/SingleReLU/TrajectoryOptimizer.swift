/// Optimizers of the trajectory simulator, spelled as the training core's `--optimizer`.
public enum TrajectoryOptimizer: String, Codable, Sendable, CaseIterable {
    /// theta <- theta - lr g
    case sgd
    /// Heavy ball: v <- beta v + g; theta <- theta - lr v
    case momentum
    /// v <- beta v + g; theta <- theta - lr (g + beta v)
    case nesterov
    /// Adam, beta1 = momentum, bias-corrected as PyTorch.
    case adam
}
