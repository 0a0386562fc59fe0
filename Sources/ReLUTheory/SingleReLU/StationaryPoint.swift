/// A stationary point of the single-ReLU loss: a point where no direction descends to first
/// order, or (at the dead region's edges and apex) where gradient descent cannot move, since
/// the gradient there is exactly zero from the dead side.
public struct StationaryPoint: Hashable, Codable, Sendable {
    public let w: Double
    public let b: Double
    public let kind: StationaryKind
    public let location: StationaryLocation
    public let loss: Double
    /// Points with w x + b > 0 at (w, b) (empty on the dead region's boundary).
    public let activeSet: ActiveSet
    /// Eigenvalues (ascending) of H_A for that active set (mean((f - y)^2) convention). They are
    /// never negative: H_A is a Gram matrix, so each quadratic piece is convex.
    public let hessianEigenvalues: [Double]
    /// For a point on a kink: the x whose data points sit exactly on the hinge (w x + b = 0).
    /// The loss is not differentiable there; `kind` comes from its one-sided derivatives.
    public let hingeX: Double?
    /// When the stationary points form a segment or ray, its extent; (w, b) is a member.
    public let line: StationaryLine?
    /// For the apex and dead edges: how the directions split by the sign of the first-order
    /// change of the loss.
    public let directions: DirectionalSplit?

    init(w: Double, b: Double, kind: StationaryKind, location: StationaryLocation, loss: Double, activeSet: ActiveSet,
         hessianEigenvalues: [Double], hingeX: Double? = nil, line: StationaryLine? = nil, directions: DirectionalSplit? = nil) {
        self.w = w
        self.b = b
        self.kind = kind
        self.location = location
        self.loss = loss
        self.activeSet = activeSet
        self.hessianEigenvalues = hessianEigenvalues
        self.hingeX = hingeX
        self.line = line
        self.directions = directions
    }
}
