/// A point or a vector in the (w, b) plane of a single ReLU: a parameter pair, or a gradient
/// (dL/dw in `w`, dL/db in `b`).
public struct PlaneVector: Hashable, Codable, Sendable {
    public var w: Double
    public var b: Double

    public init(w: Double, b: Double) {
        self.w = w
        self.b = b
    }

    public static let zero = PlaneVector(w: 0, b: 0)
    public var norm: Double { (w * w + b * b).squareRoot() }
}
