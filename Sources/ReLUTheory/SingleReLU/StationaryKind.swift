/// How a stationary point of the single-ReLU loss behaves locally.
public enum StationaryKind: String, Codable, Sendable, CaseIterable {
    /// Strict local minimum.
    case minimum
    /// Loss decreases in some directions and increases in others.
    case saddle
    /// A flat direction (singular Hessian): a line of stationary points, or a boundary case.
    case degenerate
}
