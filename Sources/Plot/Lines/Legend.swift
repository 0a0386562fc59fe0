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

    /// A boxed legend of mixed swatches (areas, dashed lines, markers). `width` fixes the box
    /// width; by default it fits the longest label.
    public static func box(items: [LegendItem], x: Double, y: Double, title: String? = nil,
                           fontSize: Double = 11, width fixedWidth: Double? = nil) -> SVGElement {
        let row = fontSize + 7
        let widest = max(items.map(\.label.count).max() ?? 0, title?.count ?? 0)
        let width = fixedWidth ?? (38 + Double(widest) * fontSize * 0.6)
        let height = Double(items.count) * row + (title == nil ? 6 : row + 6)
        var parts: [SVGElement] = [.rect(x: x, y: y, width: width, height: height, fill: "#ffffff", stroke: "#bbbbbb", cls: "legend-box")]
        var cy = y + 4
        if let title {
            parts.append(.text(title, x: x + 6, y: cy + fontSize, size: fontSize, weight: "bold"))
            cy += row
        }
        for item in items {
            let mid = cy + row / 2
            switch item.swatch {
            case .line(let color, let lineWidth, let dash):
                parts.append(.line(x1: x + 6, y1: mid, x2: x + 26, y2: mid, stroke: color, width: lineWidth, dash: dash))
            case .area(let fill, let opacity, let stroke):
                var swatch = SVGElement.rect(x: x + 8, y: mid - 5.5, width: 16, height: 11, fill: fill, stroke: stroke)
                swatch.attributes.append(("fill-opacity", SVGElement.px(opacity)))
                parts.append(swatch)
            case .marker(let shape, let color):
                parts.append(shape.element(x: x + 16, y: mid, size: 8, color: color))
            }
            parts.append(.text(item.label, x: x + 32, y: mid + fontSize * 0.35, size: fontSize, cls: "legend-label"))
            cy += row
        }
        return .group(parts, cls: "legend")
    }

    /// The height `box(items:)` takes.
    public static func height(items: Int, title: Bool, fontSize: Double = 11) -> Double {
        let row = fontSize + 7
        return Double(items) * row + (title ? row + 6 : 6)
    }
}
