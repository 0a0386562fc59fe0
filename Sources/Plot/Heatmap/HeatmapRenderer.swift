import Foundation

/// Draws a `Heatmap` as SVG: one panel per facet, a cell per (x, y) coloured by its value
/// (viridis), labelled; cells without data hatched; a colour bar. On a log axis cells sit on a
/// true log scale (edges at geometric midpoints); on other axes they are equal bands in value
/// order, labelled with their values.
public struct HeatmapRenderer: Sendable {
    public var colorMap: ColorMap = .viridis
    public var cellHeight: Double = 40
    public var labelFontSize: Double = 9.5
    public var maxColumns: Int = 3
    /// Panels wrap to fewer columns when a row would be wider than this (px).
    public var maxWidth: Double = 2400

    public init() {}

    /// The SVG. `overlay` is called once per panel with its geometry and may return elements
    /// drawn over the cells (e.g. a predicted dead-region boundary), clipped to nothing: keep
    /// them inside `geometry`'s rectangle.
    public func render(_ map: Heatmap, overlay: ((HeatmapGeometry) -> [SVGElement])? = nil) -> String {
        let labelChars = map.panels.flatMap(\.cells).map { $0.label.map(\.count).max() ?? 0 }.max() ?? 8
        let cellWidth = min(150, max(64, Double(labelChars) * labelFontSize * 0.58 + 10))
        let plotWidth = cellWidth * Double(max(1, map.xAxis.count))
        let plotHeight = cellHeight * Double(max(1, map.yAxis.count))
        let yLabelChars = map.yAxis.labels.map(\.count).max() ?? 1
        let left = 34 + Double(yLabelChars) * 6.6
        let top = map.showsPanelTitles ? 26.0 : 10.0
        let panelWidth = left + plotWidth + 24
        let panelHeight = top + plotHeight + 58
        let columns = min(maxColumns, max(1, Int(maxWidth / panelWidth)))
        let grid = PanelGrid(count: map.panels.count, panelWidth: panelWidth, panelHeight: panelHeight, maxColumns: columns)
        let header = 52.0
        let barArea = 90.0
        var doc = SVGDocument(width: grid.width + barArea + 10, height: header + grid.height + 10, title: map.title)
        doc.define(HatchPattern.definition)
        doc.add(.text(map.title, x: 12, y: 22, size: 15, cls: "title", weight: "bold"))
        doc.add(.text(map.subtitle, x: 12, y: 40, size: 10.5, fill: "#555", cls: "subtitle"))

        let xBands = Self.bands(map.xAxis, length: plotWidth)
        let yBands = Self.bands(map.yAxis, length: plotHeight)
        for (f, panel) in map.panels.enumerated() {
            let origin = grid.origin(f)
            let x0 = origin.x + left, y0 = header + origin.y + top
            var parts: [SVGElement] = []
            if map.showsPanelTitles {
                parts.append(.text(panel.title, x: x0 + plotWidth / 2, y: y0 - 8, size: 12, anchor: .middle, cls: "panel-title", weight: "bold"))
            }
            // Cell labels go on top of an overlay's lines, so a drawn boundary never hides them.
            var labels: [SVGElement] = []
            for yi in 0..<map.yAxis.count {
                // y grows upwards: row 0 (smallest y) at the bottom.
                let yb = yBands[yi]
                let cy0 = y0 + plotHeight - yb.upper, ch = yb.upper - yb.lower
                for xi in 0..<map.xAxis.count {
                    let cell = panel.cells[yi * map.xAxis.count + xi]
                    let xb = xBands[xi]
                    let cx0 = x0 + xb.lower, cw = xb.upper - xb.lower
                    let fill: RGBColor? = cell.value.map { colorMap.color(at: map.colorScale.t($0)) }
                    var rect = SVGElement.rect(
                        x: cx0, y: cy0, width: cw, height: ch, fill: fill?.hex ?? HatchPattern.fill, stroke: "#ffffff",
                        cls: fill == nil ? "cell empty" : "cell", extra: cell.attributes.map { ($0.name, $0.value) })
                    rect.children = [SVGElement("title", text: cell.tooltip)]
                    parts.append(rect)
                    labels.append(cellLabel(cell.label, x: cx0 + cw / 2, y: cy0 + ch / 2, width: cw,
                                            textColor: fill?.textColor ?? "#333333"))
                }
            }
            if let overlay {
                let geometry = HeatmapGeometry(facetIndex: f, left: x0, top: y0, width: plotWidth, height: plotHeight,
                                               xNumbers: map.xAxis.numbers, xBands: xBands, xLog: map.xAxis.log,
                                               yNumbers: map.yAxis.numbers, yBands: yBands, yLog: map.yAxis.log)
                parts.append(.group(overlay(geometry), cls: "overlay"))
            }
            parts += labels
            let xTitle = map.xAxis.title + (map.xAxis.log ? " (log scale)" : "")
            let yTitle = map.yAxis.title + (map.yAxis.log ? " (log scale)" : "")
            let xTicks = Self.thin(map.xAxis.labels.indices.map { (x0 + (xBands[$0].lower + xBands[$0].upper) / 2, map.xAxis.labels[$0], true) },
                                   room: plotWidth, charWidth: 6.4)
            let yTicks = map.yAxis.labels.indices.map { (y0 + plotHeight - (yBands[$0].lower + yBands[$0].upper) / 2, map.yAxis.labels[$0], true) }
            parts.append(PlotAxis.bottom(ticks: xTicks, from: x0, to: x0 + plotWidth, y: y0 + plotHeight, title: xTitle, fontSize: 10.5))
            parts.append(PlotAxis.left(ticks: yTicks, from: y0, to: y0 + plotHeight, x: x0, title: yTitle, fontSize: 10.5))
            doc.add(.group(parts, cls: "panel"))
        }
        let barTop = header + 30, barBottom = header + min(grid.height - 40, 260)
        let barScale = PlotScale(kind: map.colorScale.kind, domain: map.colorScale.domain, start: max(barBottom, barTop + 60), end: barTop)
        let bar = ColorBar.vertical(colorMap: colorMap, scale: barScale, x: grid.width + 14, title: map.colorBarTitle)
        doc.define(bar.gradient)
        doc.add(bar.bar)
        return doc.render()
    }

    func cellLabel(_ lines: [String], x: Double, y: Double, width: Double, textColor: String) -> SVGElement {
        let longest = Double(lines.map(\.count).max() ?? 1)
        let size = min(labelFontSize, max(5, (width - 6) / (longest * 0.58)))
        let first = y - Double(lines.count - 1) * size * 0.6 + size * 0.35
        let spans = lines.enumerated().map { i, line in
            SVGElement("tspan", [("x", SVGElement.px(x)), ("y", SVGElement.px(first + Double(i) * size * 1.2))], text: line)
        }
        return SVGElement("text", [("class", "cell-label"), ("font-size", SVGElement.px(size)), ("text-anchor", "middle"),
                                   ("fill", textColor)], children: spans)
    }

    /// Cell extents along an axis of `length` pixels, from 0.
    public static func bands(_ axis: HeatmapAxis, length: Double) -> [(lower: Double, upper: Double)] {
        let n = axis.count
        guard n > 0 else { return [] }
        let numbers = axis.numbers.compactMap { $0 }
        if axis.log, n >= 2, numbers.count == n, numbers.allSatisfy({ $0 > 0 }) {
            let t = numbers.map(log10)
            var edges = [t[0] - (t[1] - t[0]) / 2]
            for i in 0..<(n - 1) { edges.append((t[i] + t[i + 1]) / 2) }
            edges.append(t[n - 1] + (t[n - 1] - t[n - 2]) / 2)
            let a = edges[0], b = edges[n]
            return (0..<n).map { ((edges[$0] - a) / (b - a) * length, (edges[$0 + 1] - a) / (b - a) * length) }
        }
        let w = length / Double(n)
        return (0..<n).map { (Double($0) * w, Double($0 + 1) * w) }
    }

    /// Drops labels (keeping the marks) when they would overlap.
    static func thin(_ ticks: [(position: Double, label: String, major: Bool)], room: Double, charWidth: Double)
        -> [(position: Double, label: String, major: Bool)] {
        guard ticks.count > 1 else { return ticks }
        let widest = Double(ticks.map(\.label.count).max() ?? 1) * charWidth + 6
        let every = max(1, Int(ceil(widest * Double(ticks.count) / room)))
        return ticks.enumerated().map { i, t in (t.position, i % every == 0 ? t.label : "", t.major) }
    }
}
