/// Where on the single-ReLU loss surface a stationary point sits, which decides how it is
/// classified.
public enum StationaryLocation: String, Codable, Sendable, CaseIterable {
    /// Inside one quadratic piece (no data point on the hinge): the Hessian decides.
    case smooth
    /// On a hinge line w x_j + b = 0 through data points, outside the dead region: one-sided
    /// derivatives across the hinge decide.
    case kink
    /// The apex (0, 0) of the dead cone, where every hinge meets: the loss there is positively
    /// homogeneous to first order, its directional derivative decides.
    case apex
    /// A boundary ray of the dead region (w > 0 or w < 0): flat inwards, the one-sided slope
    /// outwards decides.
    case deadEdge
}
