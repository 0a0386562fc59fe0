/// One entry of a legend with its own swatch: a line (solid or dashed), a filled area, or a
/// point marker. `Legend.box(items:)` draws them.
public struct LegendItem: Hashable, Sendable {
    public enum Swatch: Hashable, Sendable {
        case line(color: String, width: Double, dash: String?)
        case area(fill: String, opacity: Double, stroke: String?)
        case marker(MarkerShape, color: String)
    }

    public var label: String
    public var swatch: Swatch

    public init(_ label: String, _ swatch: Swatch) {
        self.label = label
        self.swatch = swatch
    }
}
