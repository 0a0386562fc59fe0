/// A point in data coordinates (x, y): a vertex of a contour or a predicted boundary.
public struct PlotPoint: Hashable, Codable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
