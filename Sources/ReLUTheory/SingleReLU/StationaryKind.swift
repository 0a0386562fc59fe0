/// How a stationary point of the single-ReLU loss behaves locally.
public enum StationaryKind: String, Codable, Sendable, CaseIterable {
    /// Strict local minimum.
    case minimum
    /// Loss decreases in some directions and increases in others.
    case saddle
    /// A flat direction and no descent (a weak minimum): a line of stationary points, a
    /// boundary case, or a dead edge whose loss rises outwards.
    case degenerate
    /// Descent in some directions, flat in the others, ascent in none: not a minimum, yet
    /// gradient descent started on it cannot move (a dead edge whose loss falls outwards).
    case degenerateSaddle
}
