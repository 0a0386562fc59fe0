/// Draws a `LinePlot` as SVG: per panel the axes, per series a line with point markers and its
/// interval as a translucent band (or whiskers on an isolated point), and one legend. Points
/// with a non-finite value (an infinite median nMSE) are left out and counted in a note.
public struct LinePlotRenderer: Sendable {
    public var plotWidth: Double = 380
    public var plotHeight: Double = 250
    public var maxColumns: Int = 3

    public init() {}

    public func render(_ plot: LinePlot) -> String {
        let left = 74.0, top = 28.0, right = 16.0, bottom = 54.0
        let grid = PanelGrid(count: plot.panels.count, panelWidth: left + plotWidth + right,
                             panelHeight: top + plotHeight + bottom, maxColumns: maxColumns)
        let names = Self.seriesNames(plot)
        let legendWidth = 40 + Double(max(names.map(\.count).max() ?? 0, plot.legendTitle?.count ?? 0)) * 6.9
        let header = 50.0
        var doc = SVGDocument(width: grid.width + legendWidth + 20, height: header + max(grid.height, Double(names.count) * 17 + 40) + 10,
                              title: plot.title)
        let points = plot.panels.flatMap { $0.series.flatMap(\.points) }
        let hidden = points.filter { !$0.y.isFinite || (plot.yKind == .log && $0.y <= 0) }.count
        doc.add(.text(plot.title, x: 12, y: 22, size: 15, cls: "title", weight: "bold"))
        doc.add(.text(plot.subtitle + (hidden > 0 ? "; \(hidden) point(s) with a non-finite value not drawn" : ""),
                      x: 12, y: 40, size: 10.5, fill: "#555", cls: "subtitle"))

        let xValues = points.flatMap { [$0.x] }
        let yValues = points.flatMap { [$0.y, $0.lower, $0.upper].compactMap { $0 } }
        let xDomain = plot.xDomain ?? (plot.xCategories.map { _ in -0.5...(Double(plot.xCategories!.count) - 0.5) }
            ?? PlotScale.paddedDomain(xValues, kind: plot.xKind))
        let yDomain = plot.yDomain ?? PlotScale.paddedDomain(yValues, kind: plot.yKind)

        for (p, panel) in plot.panels.enumerated() {
            let origin = grid.origin(p)
            let x0 = origin.x + left, y0 = header + origin.y + top
            let xs = PlotScale(kind: plot.xKind, domain: xDomain, start: x0, end: x0 + plotWidth)
            let ys = PlotScale(kind: plot.yKind, domain: yDomain, start: y0 + plotHeight, end: y0)
            var parts: [SVGElement] = [.rect(x: x0, y: y0, width: plotWidth, height: plotHeight, fill: "#fbfbfb", stroke: "#dddddd", cls: "plot-area")]
            if !panel.title.isEmpty {
                parts.append(.text(panel.title, x: x0 + plotWidth / 2, y: y0 - 8, size: 12, anchor: .middle, cls: "panel-title", weight: "bold"))
            }
            // Light grid lines at the major ticks.
            for t in ys.ticks() where t.major {
                let y = ys.position(t.value)
                parts.append(.line(x1: x0, y1: y, x2: x0 + plotWidth, y2: y, stroke: "#e6e6e6"))
            }
            for (s, series) in panel.series.enumerated() {
                let color = CategoricalPalette.color(names.firstIndex(of: series.name) ?? s)
                parts.append(seriesElement(series, color: color, xs: xs, ys: ys, logY: plot.yKind == .log))
            }
            let xTicks: [(position: Double, label: String, major: Bool)] = plot.xCategories.map { names in
                names.enumerated().map { (xs.position(Double($0)), $1, true) }
            } ?? PlotAxis.positions(xs)
            parts.append(PlotAxis.bottom(ticks: xTicks, from: x0, to: x0 + plotWidth, y: y0 + plotHeight, title: plot.xTitle, fontSize: 10.5))
            parts.append(PlotAxis.left(ticks: PlotAxis.positions(ys, maximum: 6), from: y0, to: y0 + plotHeight, x: x0, title: plot.yTitle, fontSize: 10.5))
            doc.add(.group(parts, cls: "panel"))
        }
        doc.add(Legend.box(names.enumerated().map { ($1, CategoricalPalette.color($0)) },
                           x: grid.width + 8, y: header + top, title: plot.legendTitle))
        return doc.render()
    }

    /// Series names in first-seen order over all panels (same name = same colour everywhere).
    static func seriesNames(_ plot: LinePlot) -> [String] {
        var names: [String] = []
        for panel in plot.panels { for s in panel.series where !names.contains(s.name) { names.append(s.name) } }
        return names
    }

    func seriesElement(_ series: LineSeries, color: String, xs: PlotScale, ys: PlotScale, logY: Bool) -> SVGElement {
        func drawable(_ v: Double?) -> Bool { v.map { $0.isFinite && (!logY || $0 > 0) } ?? false }
        var parts: [SVGElement] = []
        // Runs of consecutive drawable points: a line, and a band where every point has bounds.
        var runs: [[LinePoint]] = [[]]
        for point in series.points.sorted(by: { $0.x < $1.x }) {
            if drawable(point.y) { runs[runs.count - 1].append(point) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        for run in runs where !run.isEmpty {
            let bounded = run.allSatisfy { drawable($0.lower) && drawable($0.upper) }
            if run.count >= 2 && bounded {
                let upper = run.map { (xs.position($0.x), ys.position($0.upper!)) }
                let lower = run.reversed().map { (xs.position($0.x), ys.position($0.lower!)) }
                parts.append(.polygon(upper + lower, fill: color, opacity: 0.18))
            } else {
                for p in run where drawable(p.lower) && drawable(p.upper) {
                    let x = xs.position(p.x)
                    parts.append(.line(x1: x, y1: ys.position(p.lower!), x2: x, y2: ys.position(p.upper!), stroke: color, width: 1.2))
                }
            }
            if run.count >= 2 { parts.append(.polyline(run.map { (xs.position($0.x), ys.position($0.y)) }, stroke: color, width: 1.8)) }
            for p in run { parts.append(.circle(x: xs.position(p.x), y: ys.position(p.y), r: 2.8, fill: color, cls: "point")) }
        }
        return SVGElement("g", [("class", "series"), ("data-series", series.name)], children: parts)
    }
}
