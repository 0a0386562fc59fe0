/// The fractions of directions d (uniform on the unit circle of the (w, b) plane) along which
/// the loss falls, rises or stays flat to first order when leaving a nonsmooth stationary point:
/// the sign of the one-sided directional derivative L'(p; d).
public struct DirectionalSplit: Hashable, Codable, Sendable {
    public let falling: Double
    public let rising: Double
    public let flat: Double
    /// Directions sampled (evenly spaced angles).
    public let directions: Int

    public init(falling: Double, rising: Double, flat: Double, directions: Int) {
        self.falling = falling
        self.rising = rising
        self.flat = flat
        self.directions = directions
    }
}
