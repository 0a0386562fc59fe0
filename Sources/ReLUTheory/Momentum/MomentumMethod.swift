/// The two momentum methods whose quadratic dynamics are a 2x2 linear system, in PyTorch's form.
public enum MomentumMethod: String, Codable, Sendable, CaseIterable {
    /// Heavy ball: v <- beta v + g; theta <- theta - lr v.
    case heavyBall = "heavyball"
    /// Nesterov: v <- beta v + g; theta <- theta - lr (g + beta v).
    case nesterov
}
