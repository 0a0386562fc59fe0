/// A stationary point of the single-ReLU loss outside the dead region (inside it every point is
/// stationary; see `DeadRegion`).
public struct StationaryPoint: Hashable, Codable, Sendable {
    public let w: Double
    public let b: Double
    public let kind: StationaryKind
    public let loss: Double
    /// Points with w x + b > 0 at (w, b).
    public let activeSet: ActiveSet
    /// Eigenvalues (ascending) of H_A for that active set (mean((f - y)^2) convention). They are
    /// never negative: H_A is a Gram matrix, so each quadratic piece is convex.
    public let hessianEigenvalues: [Double]
    /// For a point on a kink: the x whose data points sit exactly on the hinge (w x + b = 0).
    /// The loss is not differentiable there; `kind` comes from its one-sided derivatives.
    public let hingeX: Double?
    /// When the stationary points form a segment or ray, its extent; (w, b) is a member.
    public let line: StationaryLine?
}
