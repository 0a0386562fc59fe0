/// A boxed legend: one colour swatch and label per entry.
public enum Legend {
    public static func box(_ entries: [(label: String, color: String)], x: Double, y: Double,
                           title: String? = nil, fontSize: Double = 11) -> SVGElement {
        let row = fontSize + 6
        let widest = max(entries.map(\.label.count).max() ?? 0, title?.count ?? 0)
        let width = 36 + Double(widest) * fontSize * 0.66
        let height = Double(entries.count) * row + (title == nil ? 6 : row + 6)
        var parts: [SVGElement] = [.rect(x: x, y: y, width: width, height: height, fill: "#ffffff", stroke: "#bbbbbb", cls: "legend-box")]
        var cy = y + 4
        if let title {
            parts.append(.text(title, x: x + 6, y: cy + fontSize, size: fontSize, weight: "bold"))
            cy += row
        }
        for entry in entries {
            parts.append(.line(x1: x + 6, y1: cy + row / 2, x2: x + 22, y2: cy + row / 2, stroke: entry.color, width: 3))
            parts.append(.text(entry.label, x: x + 26, y: cy + row / 2 + fontSize * 0.35, size: fontSize, cls: "legend-label"))
            cy += row
        }
        return .group(parts, cls: "legend")
    }
}
