/// The diagonal hatching that marks cells without data (missing or empty), so they can never be
/// mistaken for a low value of the colour map.
public enum HatchPattern {
    public static let id = "hatch-missing"

    public static var definition: SVGElement {
        SVGElement("pattern", [("id", id), ("patternUnits", "userSpaceOnUse"), ("width", "8"), ("height", "8"),
                               ("patternTransform", "rotate(45)")], children: [
            .rect(x: 0, y: 0, width: 8, height: 8, fill: "#f2f2f2"),
            .line(x1: 0, y1: 0, x2: 0, y2: 8, stroke: "#9a9a9a", width: 2.5),
        ])
    }

    public static var fill: String { "url(#\(id))" }
}
