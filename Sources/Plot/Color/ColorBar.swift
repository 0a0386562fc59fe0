/// A vertical colour bar: the colour map as a gradient with labelled ticks of its value scale.
public enum ColorBar {
    /// `scale` maps values to rows from `y1` (top, largest) to `y0`; its ticks label the bar.
    public static func vertical(colorMap: ColorMap, scale: PlotScale, x: Double, width: Double = 14,
                                title: String, id: String = "colorbar-gradient") -> (gradient: SVGElement, bar: SVGElement) {
        let stops = zip(colorMap.positions, colorMap.anchors).map { position, color in
            SVGElement("stop", [("offset", SVGElement.px(position * 100) + "%"), ("stop-color", color.hex)])
        }
        // Bottom (offset 0) is the low end of the map.
        let gradient = SVGElement("linearGradient", [("id", id), ("x1", "0"), ("y1", "1"), ("x2", "0"), ("y2", "0")], children: stops)
        let top = min(scale.start, scale.end), bottom = max(scale.start, scale.end)
        var parts: [SVGElement] = [
            .rect(x: x, y: top, width: width, height: bottom - top, fill: "url(#\(id))", stroke: "#333", cls: "colorbar"),
            .text(title, x: x + width / 2, y: top - 8, size: 10, anchor: .middle, cls: "colorbar-title"),
        ]
        for t in scale.ticks(maximum: 6) where t.major || !t.label.isEmpty {
            let y = scale.position(t.value)
            parts.append(.line(x1: x + width, y1: y, x2: x + width + 4, y2: y, stroke: "#333"))
            parts.append(.text(t.label, x: x + width + 6, y: y + 3.5, size: 10, cls: "tick-label"))
        }
        return (gradient, .group(parts, cls: "colorbar-group"))
    }
}
