/// A segment or ray of stationary points on the line b = intercept + slope * w, for
/// lowerW <= w <= upperW (nil = unbounded on that side). Arises when the active set holds a
/// single distinct x value x_a: then slope = -x_a and intercept = mean of y over the active set.
public struct StationaryLine: Hashable, Codable, Sendable {
    public let intercept: Double
    public let slope: Double
    public let lowerW: Double?
    public let upperW: Double?

    public func b(atW w: Double) -> Double { intercept + slope * w }
}
