import Foundation

/// The phase diagram as an SVG heatmap: one panel per facet, a cell per (x, y) coloured by the
/// metric (viridis), labelled with its value, interval and n; cells without trials hatched; a
/// colour bar. On a log axis cells sit on a true log scale (edges at geometric midpoints); on
/// other axes they are equal bands in value order, labelled with their values.
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
    public func render(_ table: PhaseTable, overlay: ((HeatmapGeometry) -> [SVGElement])? = nil) -> String {
        let metric = table.metric
        let color = colorScale(table)
        let labelChars = table.cells.map { label($0, metric: metric).map(\.count).max() ?? 0 }.max() ?? 8
        let cellWidth = min(150, max(64, Double(labelChars) * labelFontSize * 0.58 + 10))
        let plotWidth = cellWidth * Double(max(1, table.xValues.count))
        let plotHeight = cellHeight * Double(max(1, table.yValues.count))
        let yLabelChars = table.yValues.map(\.description.count).max() ?? 1
        let left = 34 + Double(yLabelChars) * 6.6
        let top = table.facetKeys.isEmpty ? 10.0 : 26.0
        let panelWidth = left + plotWidth + 24
        let panelHeight = top + plotHeight + 58
        let columns = min(maxColumns, max(1, Int(maxWidth / panelWidth)))
        let grid = PanelGrid(count: table.facets.count, panelWidth: panelWidth, panelHeight: panelHeight, maxColumns: columns)
        let header = 52.0
        let barArea = 90.0
        var doc = SVGDocument(width: grid.width + barArea + 10, height: header + grid.height + 10,
                              title: "\(CellText.metricTitle(metric)) over \(table.xKey) × \(table.yKey)")
        doc.define(HatchPattern.definition)
        doc.add(.text("\(CellText.metricTitle(metric)) over \(table.xKey) × \(table.yKey)", x: 12, y: 22, size: 15, cls: "title", weight: "bold"))
        doc.add(.text("cell: \(metric.valueDescription); n = trials; hatched = no trials",
                      x: 12, y: 40, size: 10.5, fill: "#555", cls: "subtitle"))

        let xBands = Self.bands(table.xValues, scale: table.xScale, length: plotWidth)
        let yBands = Self.bands(table.yValues, scale: table.yScale, length: plotHeight)
        for f in table.facets.indices {
            let origin = grid.origin(f)
            let x0 = origin.x + left, y0 = header + origin.y + top
            var parts: [SVGElement] = []
            if !table.facetKeys.isEmpty {
                parts.append(.text(table.facetLabel(f), x: x0 + plotWidth / 2, y: y0 - 8, size: 12, anchor: .middle, cls: "panel-title", weight: "bold"))
            }
            let cells = Array(table.cells(inFacet: f))
            // Cell labels go on top of an overlay's lines, so a drawn boundary never hides them.
            var labels: [SVGElement] = []
            for (yi, y) in table.yValues.enumerated() {
                // y grows upwards: row 0 (smallest y) at the bottom.
                let yb = yBands[yi]
                let cy0 = y0 + plotHeight - yb.upper, ch = yb.upper - yb.lower
                for (xi, x) in table.xValues.enumerated() {
                    let cell = cells[yi * table.xValues.count + xi]
                    let xb = xBands[xi]
                    let cx0 = x0 + xb.lower, cw = xb.upper - xb.lower
                    let fill: RGBColor? = cell.fraction.map { colorMap.color(at: color.t($0)) }
                    var rect = SVGElement.rect(
                        x: cx0, y: cy0, width: cw, height: ch, fill: fill?.hex ?? HatchPattern.fill, stroke: "#ffffff",
                        cls: fill == nil ? "cell empty" : "cell",
                        extra: [("data-x", x.description), ("data-y", y.description), ("data-n", String(cell.n))]
                            + (table.facetKeys.isEmpty ? [] : [("data-facet", table.facetLabel(f))]))
                    rect.children = [SVGElement("title", text: tooltip(cell, table: table))]
                    parts.append(rect)
                    labels.append(cellLabel(cell, metric: metric, x: cx0 + cw / 2, y: cy0 + ch / 2, width: cw,
                                           textColor: fill?.textColor ?? "#333333"))
                }
            }
            if let overlay {
                let geometry = HeatmapGeometry(facetIndex: f, left: x0, top: y0, width: plotWidth, height: plotHeight,
                                               xValues: table.xValues, xBands: xBands, xLog: table.xScale == .log,
                                               yValues: table.yValues, yBands: yBands, yLog: table.yScale == .log)
                parts.append(.group(overlay(geometry), cls: "overlay"))
            }
            parts += labels
            let xTitle = table.xKey + (table.xScale == .log ? " (log scale)" : "")
            let yTitle = table.yKey + (table.yScale == .log ? " (log scale)" : "")
            let xTicks = Self.thin(table.xValues.indices.map { (x0 + (xBands[$0].lower + xBands[$0].upper) / 2, table.xValues[$0].description, true) },
                                   room: plotWidth, charWidth: 6.4)
            let yTicks = table.yValues.indices.map { (y0 + plotHeight - (yBands[$0].lower + yBands[$0].upper) / 2, table.yValues[$0].description, true) }
            parts.append(PlotAxis.bottom(ticks: xTicks, from: x0, to: x0 + plotWidth, y: y0 + plotHeight, title: xTitle, fontSize: 10.5))
            parts.append(PlotAxis.left(ticks: yTicks, from: y0, to: y0 + plotHeight, x: x0, title: yTitle, fontSize: 10.5))
            doc.add(.group(parts, cls: "panel"))
        }
        let barTop = header + 30, barBottom = header + min(grid.height - 40, 260)
        let barScale = PlotScale(kind: color.kind, domain: color.domain, start: max(barBottom, barTop + 60), end: barTop)
        let bar = ColorBar.vertical(colorMap: colorMap, scale: barScale, x: grid.width + 14,
                                    title: metric == .nmse ? "nMSE" : (metric.isProportion ? "fraction" : "dead frac."))
        doc.define(bar.gradient)
        doc.add(bar.bar)
        return doc.render()
    }

    /// The label lines of a cell: estimate and interval, then counts.
    public func label(_ cell: PhaseCell, metric: PhaseMetric) -> [String] {
        if let estimate = CellText.estimate(cell, metric: metric, compact: true) {
            return [estimate, CellText.counts(cell, separator: " ")]
        }
        var lines: [String] = []
        if cell.failed > 0 { lines.append("\(cell.failed) failed") }
        if let m = cell.missing, m > 0 { lines.append("\(m) missing") }
        return lines.isEmpty ? ["no data"] : lines
    }

    func cellLabel(_ cell: PhaseCell, metric: PhaseMetric, x: Double, y: Double, width: Double, textColor: String) -> SVGElement {
        let lines = label(cell, metric: metric)
        let longest = Double(lines.map(\.count).max() ?? 1)
        let size = min(labelFontSize, max(5, (width - 6) / (longest * 0.58)))
        let first = y - Double(lines.count - 1) * size * 0.6 + size * 0.35
        let spans = lines.enumerated().map { i, line in
            SVGElement("tspan", [("x", SVGElement.px(x)), ("y", SVGElement.px(first + Double(i) * size * 1.2))], text: line)
        }
        return SVGElement("text", [("class", "cell-label"), ("font-size", SVGElement.px(size)), ("text-anchor", "middle"),
                                   ("fill", textColor)], children: spans)
    }

    func tooltip(_ cell: PhaseCell, table: PhaseTable) -> String {
        var s = "\(table.xKey)=\(cell.x), \(table.yKey)=\(cell.y)"
        if !cell.facet.isEmpty { s += ", " + table.facetKeys.map { "\($0)=\(cell.facet[$0]?.description ?? "")" }.joined(separator: ", ") }
        s += ": " + (CellText.estimate(cell, metric: table.metric) ?? "no trials") + ", " + CellText.counts(cell, separator: ", ")
        if let d = cell.deadFractionMean { s += "; dead fraction \(NumberFormat.fraction(d))" }
        if let e = cell.nmseMedian { s += "; median nMSE \(NumberFormat.statistic(e))" }
        return s
    }

    /// Maps a cell value to [0, 1] of the colour map: fractions linearly on [0, 1], nMSE on a log
    /// scale spanning the table's finite medians (an infinite median gets the top colour).
    struct ColorScale {
        var kind: PlotScale.Kind
        var domain: ClosedRange<Double>

        func t(_ v: Double) -> Double {
            if v.isNaN { return 0 }
            if v == .infinity { return 1 }
            switch kind {
            case .linear: return (v - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
            case .log:
                guard v > 0 else { return 0 }
                return (log10(v) - log10(domain.lowerBound)) / (log10(domain.upperBound) - log10(domain.lowerBound))
            }
        }
    }

    func colorScale(_ table: PhaseTable) -> ColorScale {
        guard table.metric == .nmse else { return ColorScale(kind: .linear, domain: 0...1) }
        let values = table.cells.compactMap(\.fraction).filter { $0.isFinite && $0 > 0 }
        guard var lo = values.min(), var hi = values.max() else { return ColorScale(kind: .log, domain: 1e-3...1) }
        lo = pow(10, floor(log10(lo)))
        hi = pow(10, ceil(log10(hi)))
        if lo == hi { hi *= 10 }
        return ColorScale(kind: .log, domain: lo...hi)
    }

    /// Cell extents along an axis of `length` pixels, from 0.
    static func bands(_ values: [AxisValue], scale: AxisScale, length: Double) -> [(lower: Double, upper: Double)] {
        let n = values.count
        guard n > 0 else { return [] }
        let numbers = values.compactMap(\.number)
        if scale == .log, n >= 2, numbers.count == n, numbers.allSatisfy({ $0 > 0 }) {
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
