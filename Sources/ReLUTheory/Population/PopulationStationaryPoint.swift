/// A stationary point of `PopulationSurface`'s smooth loss, classified by its Hessian.
public struct PopulationStationaryPoint: Hashable, Codable, Sendable {
    public let w: Double
    public let b: Double
    /// `minimum` (both eigenvalues > 0), `saddle` (one < 0, one > 0) or `degenerate` (a zero
    /// eigenvalue, e.g. a ray of fits).
    public let kind: StationaryKind
    public let loss: Double
    /// Ascending eigenvalues of the Hessian there (with the hinge term).
    public let hessianEigenvalues: [Double]
    /// x of the hinge w x + b = 0 inside the data interval; nil when every x is active.
    public let hinge: Double?
    /// For a ray of stationary points (every x active with an output bias: b trades off with c).
    public let line: StationaryLine?
}
