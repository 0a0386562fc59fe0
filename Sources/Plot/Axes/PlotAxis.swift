/// Draws axes: the line, tick marks, tick labels and the title.
public enum PlotAxis {
    /// A horizontal axis at pixel row `y`, ticks pointing down.
    public static func bottom(ticks: [(position: Double, label: String, major: Bool)], from x0: Double, to x1: Double,
                              y: Double, title: String?, fontSize: Double = 11) -> SVGElement {
        var parts: [SVGElement] = [.line(x1: x0, y1: y, x2: x1, y2: y, stroke: "#333")]
        for t in ticks {
            parts.append(.line(x1: t.position, y1: y, x2: t.position, y2: y + (t.major ? 5 : 3), stroke: "#333"))
            if !t.label.isEmpty {
                parts.append(.text(t.label, x: t.position, y: y + 7 + fontSize, size: fontSize, anchor: .middle, cls: "tick-label"))
            }
        }
        if let title {
            parts.append(.text(title, x: (x0 + x1) / 2, y: y + 14 + 2 * fontSize, size: fontSize + 1, anchor: .middle, cls: "axis-title"))
        }
        return .group(parts, cls: "axis x-axis")
    }

    /// A vertical axis at pixel column `x`, ticks pointing left; the title is rotated.
    public static func left(ticks: [(position: Double, label: String, major: Bool)], from y0: Double, to y1: Double,
                            x: Double, title: String?, fontSize: Double = 11) -> SVGElement {
        var parts: [SVGElement] = [.line(x1: x, y1: y0, x2: x, y2: y1, stroke: "#333")]
        var widest = 0
        for t in ticks {
            parts.append(.line(x1: x - (t.major ? 5 : 3), y1: t.position, x2: x, y2: t.position, stroke: "#333"))
            if !t.label.isEmpty {
                parts.append(.text(t.label, x: x - 7, y: t.position + fontSize * 0.35, size: fontSize, anchor: .end, cls: "tick-label"))
                widest = max(widest, t.label.count)
            }
        }
        if let title {
            let tx = x - 12 - Double(widest) * fontSize * 0.6 - fontSize * 0.5
            parts.append(.text(title, x: tx, y: (y0 + y1) / 2, size: fontSize + 1, anchor: .middle, cls: "axis-title", rotate: -90))
        }
        return .group(parts, cls: "axis y-axis")
    }

    /// Ticks of a scale as positions.
    public static func positions(_ scale: PlotScale, maximum: Int = 7) -> [(position: Double, label: String, major: Bool)] {
        scale.ticks(maximum: maximum).map { (scale.position($0.value), $0.label, $0.major) }
    }
}
