import PhaseDiagram
import Plot
import Foundation
import ReLUTheory

/// Draws a `SingleReLUFieldPlot` (paper figure P4) with equal units on both axes, so the
/// arrows (descent directions, length normalised) meet the loss contours at right angles:
/// - the dead region D shaded (`DeadRegion.polygon`), where the gradient is exactly zero;
/// - loss contours coloured by level (loss divided by the dead region's loss mean(y^2));
/// - stationary points by kind (`stationaryPoints` and `deadBoundaryPoints`): minima and
///   saddles as markers (the apex of D is a saddle), rays of degenerate points and the dead
///   edges as dashed segments coloured by kind;
/// - each trajectory as a polyline through every recorded point, dots on its first iterates,
///   its start (ring), first step in D (cross) and end (square).
public struct SingleReLUFieldRenderer: Sendable {
    /// The plot area fits in this box (px), keeping equal units on w and b.
    public var maxPlotWidth: Double = 600
    public var maxPlotHeight: Double = 500

    public init() {}

    static let kindColors: [StationaryKind: String] = [.minimum: "#009E73", .saddle: "#CC79A7", .degenerate: "#E69F00",
                                                       .degenerateSaddle: "#56B4E9"]
    static let kindShapes: [StationaryKind: MarkerShape] = [.minimum: .diamond, .saddle: .triangle, .degenerate: .square,
                                                            .degenerateSaddle: .circle]
    static let deadFill = "#8c8c8c"
    static let arrowColor = "#4d4d4d"
    /// viridis without its palest yellow end, which does not show on white.
    static let contourMap = ColorMap(name: "viridis-0.85", positions: (0...12).map { Double($0) / 12 },
                                     anchors: (0...12).map { ColorMap.viridis.color(at: 0.85 * Double($0) / 12) })

    /// Pixel layout of a plot: where the plot area is and how data maps to it.
    struct Layout {
        var w: PlotScale
        var b: PlotScale
        var width: Double
        var height: Double
        var left: Double { w.start }
        var top: Double { b.end }

        func pixel(_ w: Double, _ b: Double) -> (Double, Double) { (self.w.position(w), self.b.position(b)) }
    }

    static let header = 90.0  // title and three subtitle lines
    static let margin = (left: 72.0, right: 20.0, bottom: 56.0)

    func layout(_ window: PlaneWindow) -> Layout {
        let ww = window.wMax - window.wMin, bh = window.bMax - window.bMin
        var scaleX = min(maxPlotWidth / ww, maxPlotHeight / bh), scaleY = scaleX
        // A very elongated window would make a sliver: give up equal units beyond 1:3.
        if ww * scaleX < maxPlotWidth / 3 { scaleX = maxPlotWidth / 3 / ww }
        if bh * scaleY < maxPlotHeight / 3 { scaleY = maxPlotHeight / 3 / bh }
        let width = ww * scaleX, height = bh * scaleY
        let left = Self.margin.left, top = Self.header
        return Layout(w: PlotScale(kind: .linear, domain: window.wMin...window.wMax, start: left, end: left + width),
                      b: PlotScale(kind: .linear, domain: window.bMin...window.bMax, start: top + height, end: top),
                      width: width, height: height)
    }

    /// Contour levels of the normalised loss between lo and hi: 1, 1.5, 2, 3, 5, 7 per decade,
    /// finer when that gives fewer than 6, coarser when more than 16; never the dead region's own level 1
    /// (a plateau, not a line).
    static func contourLevels(lo: Double, hi: Double) -> [Double] {
        guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else { return [] }
        func levels(_ multipliers: [Double]) -> [Double] {
            var out: [Double] = []
            for e in Int(floor(log10(lo)))...Int(ceil(log10(hi))) {
                for m in multipliers {
                    // Divide for negative exponents: 7 / 10 is 0.7, 7 * 0.1 is not.
                    let v = e >= 0 ? m * pow(10, Double(e)) : m / pow(10, Double(-e))
                    if v > lo * (1 + 1e-9), v < hi * (1 - 1e-9), abs(v - 1) > 0.02 { out.append(v) }
                }
            }
            return out
        }
        let coarse = levels([1, 1.5, 2, 3, 5, 7])
        if coarse.count < 6 { return levels([1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9]) }
        // Over many decades (tiny targets) fewer levels per decade keep the lines apart.
        for multipliers in [[1, 1.5, 2, 3, 5, 7], [1, 2, 5], [1, 3], [1]] as [[Double]] {
            let candidate = levels(multipliers)
            if candidate.count <= 16 { return candidate }
        }
        return levels([1])
    }

    public func render(_ plot: SingleReLUFieldPlot) throws(TheoryFigureError) -> String {
        let window = plot.window
        let surface = plot.surface
        let layout = layout(window)
        let legendWidth = 400.0, barArea = 96.0
        let x0 = layout.left, y0 = layout.top
        let clipId = "field-clip"

        // Loss on a fine grid, normalised by the dead region's loss.
        let deadLoss = surface.deadLoss
        let norm = deadLoss > 0 ? deadLoss : 1
        let columns = max(8, plot.contourResolution)
        let rows = max(8, Int((Double(columns) * layout.height / layout.width).rounded()))
        let field: GradientField
        do { field = try surface.gradientField(in: window, wCount: columns, bCount: rows) } catch { throw TheoryFigureError(error) }
        let normalized = field.loss.map { $0 / norm }
        let positive = normalized.filter { $0 > 0 && $0.isFinite }
        let levels = Self.contourLevels(lo: positive.min() ?? 0, hi: positive.max() ?? 0)
        let barDomain = levels.isEmpty ? 0.1...10 : pow(10, floor(log10(levels.first!)))...pow(10, ceil(log10(levels.last!)))
        func levelColor(_ v: Double) -> String {
            Self.contourMap.color(at: (log10(v) - log10(barDomain.lowerBound)) / (log10(barDomain.upperBound) - log10(barDomain.lowerBound))).hex
        }

        let stationary = surface.stationaryPoints() + surface.deadBoundaryPoints()
        let legendItems = legend(plot, stationary: stationary, levels: levels, levelColor: levelColor)
        let legendHeight = Legend.height(items: legendItems.count, title: false, fontSize: 10.5)
        let bodyHeight = max(layout.height + Self.margin.bottom, legendHeight + 20)
        let barX = x0 + layout.width + Self.margin.right + 24
        var doc = SVGDocument(width: barX + barArea + legendWidth + 10,
                              height: Self.header + bodyHeight + 8, title: plot.title)
        doc.define(SVGElement("clipPath", [("id", clipId)], children: [.rect(x: x0, y: y0, width: layout.width, height: layout.height, fill: "#000")]))
        doc.add(.text(plot.title, x: 12, y: 22, size: 15, cls: "title", weight: "bold"))
        for (i, line) in plot.subtitle.enumerated() {
            doc.add(.text(line, x: 12, y: 40 + Double(i) * 14, size: 10.5, fill: "#555", cls: "subtitle"))
        }

        var inside: [SVGElement] = []
        // Dead region.
        let polygon = surface.deadRegion.polygon(in: window)
        if !polygon.isEmpty {
            var dead = SVGElement.polygon(polygon.map { layout.pixel($0.w, $0.b) }, fill: Self.deadFill, opacity: 0.3)
            dead.attributes.insert(("class", "dead-region"), at: 0)
            inside.append(dead)
        }
        // Contours.
        let tracer = ContourTracer(xs: field.ws, ys: field.bs, values: normalized)
        var contours: [SVGElement] = []
        for level in levels {
            let lines = tracer.lines(at: level)
            guard !lines.isEmpty else { continue }
            let d = lines.map { line in
                line.enumerated().map { i, p in
                    let (x, y) = layout.pixel(p.x, p.y)
                    return (i == 0 ? "M" : "L") + SVGElement.px(x) + "," + SVGElement.px(y)
                }.joined()
            }.joined(separator: " ")
            contours.append(SVGElement("path", [("class", "contour"), ("data-level", NumberFormat.axis(level)), ("d", d),
                                                ("fill", "none"), ("stroke", levelColor(level)), ("stroke-width", "1.1")]))
        }
        inside.append(.group(contours, cls: "contours"))
        // Dead region's edge on top of the contours.
        if !polygon.isEmpty {
            // The polygon is the top chain, then the two bottom corners.
            let edge = polygon.dropLast(2).map { layout.pixel($0.w, $0.b) }
            var line = SVGElement.polyline(edge, stroke: "#555555", width: 1.4)
            line.attributes.insert(("class", "dead-edge"), at: 0)
            inside.append(line)
        }
        inside.append(arrows(plot, layout: layout))
        // Rays of stationary points (degenerate fits, dead edges), coloured by kind.
        for p in stationary {
            guard let l = p.line else { continue }
            let spanW = window.wMax - window.wMin, spanB = window.bMax - window.bMin
            guard let (a, b) = l.segment(wLo: window.wMin - spanW, wHi: window.wMax + spanW,
                                         bLo: window.bMin - spanB, bHi: window.bMax + spanB) else { continue }
            let (ax, ay) = layout.pixel(a.w, a.b), (bx, by) = layout.pixel(b.w, b.b)
            var seg = SVGElement.line(x1: ax, y1: ay, x2: bx, y2: by, stroke: Self.kindColors[p.kind]!, width: p.location == .deadEdge ? 3 : 2,
                                      dash: "5 3")
            seg.attributes.insert(("class", "stationary-line \(p.kind.rawValue) \(p.location.rawValue)"), at: 0)
            inside.append(seg)
        }
        // Trajectories.
        for (k, path) in plot.trajectories.enumerated() {
            inside.append(trajectory(path, index: k, layout: layout, dotted: plot.dottedSteps))
        }
        doc.add(SVGElement("g", [("class", "plot-area"), ("clip-path", "url(#\(clipId))")], children: inside))

        var markers: [SVGElement] = []
        // Start, first dead step and end of each path on top.
        for path in plot.trajectories {
            let t = path.trajectory
            guard let first = t.points.first else { continue }
            let (sx, sy) = layout.pixel(first.w, first.b)
            markers.append(MarkerShape.ring.element(x: sx, y: sy, size: 10, color: "#000000", cls: "start"))
            if let d = t.firstDeadStep, let p = t.points.first(where: { $0.step == d }), window.contains(PlaneVector(w: p.w, b: p.b)) {
                let (x, y) = layout.pixel(p.w, p.b)
                markers.append(MarkerShape.cross.element(x: x, y: y, size: 9, color: "#000000", cls: "first-dead"))
            }
            let end = t.final
            if window.contains(PlaneVector(w: end.w, b: end.b)) {
                let (ex, ey) = layout.pixel(end.w, end.b)
                markers.append(MarkerShape.square.element(x: ex, y: ey, size: 9, color: path.color, cls: "end"))
            }
        }
        // Stationary points last, on top of a path ending on them (markers only inside the window).
        for p in stationary where p.location != .deadEdge && window.contains(PlaneVector(w: p.w, b: p.b)) {
            let (x, y) = layout.pixel(p.w, p.b)
            var m = Self.kindShapes[p.kind]!.element(x: x, y: y, size: 12, color: Self.kindColors[p.kind]!, cls: "stationary \(p.kind.rawValue)")
            m.children = [SVGElement("title", text: "\(p.kind.rawValue) (\(p.location.rawValue)): w \(NumberFormat.statistic(p.w, digits: 4)), b \(NumberFormat.statistic(p.b, digits: 4)), loss \(NumberFormat.statistic(p.loss, digits: 3))")]
            markers.append(m)
        }
        doc.add(.group(markers, cls: "markers"))
        doc.add(.rect(x: x0, y: y0, width: layout.width, height: layout.height, fill: "none", stroke: "#333333", cls: "frame"))
        doc.add(PlotAxis.bottom(ticks: PlotAxis.positions(layout.w, maximum: max(4, Int(layout.width / 60))), from: x0, to: x0 + layout.width, y: y0 + layout.height,
                                title: "w (slope)", fontSize: 10.5))
        doc.add(PlotAxis.left(ticks: PlotAxis.positions(layout.b, maximum: max(4, Int(layout.height / 45))), from: y0, to: y0 + layout.height, x: x0,
                              title: "b (bias)", fontSize: 10.5))

        // Colour bar of the contour levels, then the legend.
        let barScale = PlotScale(kind: .log, domain: barDomain, start: y0 + min(layout.height, 260), end: y0 + 24)
        let bar = ColorBar.vertical(colorMap: Self.contourMap, scale: barScale, x: barX,
                                    title: surface.outputBias ? "L ÷ Var(y)" : "L ÷ mean(y²)", id: "contour-gradient")
        doc.define(bar.gradient)
        doc.add(bar.bar)
        doc.add(Legend.box(items: legendItems, x: barX + barArea, y: y0, fontSize: 10.5, width: legendWidth - 10))
        return doc.render()
    }

    /// A point inside the window, or a ray of stationary points crossing it.
    static func isVisible(_ p: StationaryPoint, in window: PlaneWindow) -> Bool {
        if p.location != .deadEdge && window.contains(PlaneVector(w: p.w, b: p.b)) { return true }
        guard let line = p.line,
              let (a, b) = line.segment(wLo: window.wMin, wHi: window.wMax, bLo: -.infinity, bHi: .infinity) else { return false }
        return (0...200).contains { k in
            let t = Double(k) / 200
            return window.contains(PlaneVector(w: a.w + t * (b.w - a.w), b: a.b + t * (b.b - a.b)))
        }
    }

    func arrows(_ plot: SingleReLUFieldPlot, layout: Layout) -> SVGElement {
        let columns = max(2, plot.arrowColumns)
        let spacing = layout.width / Double(columns)
        let rows = max(2, Int((layout.height / spacing).rounded()))
        let rowSpacing = layout.height / Double(rows)
        let length = 0.72 * min(spacing, rowSpacing)
        var parts: [SVGElement] = []
        for j in 0..<rows {
            for i in 0..<columns {
                let px = layout.left + (Double(i) + 0.5) * spacing
                let py = layout.top + (Double(j) + 0.5) * rowSpacing
                let w = layout.w.value(atPixel: px), b = layout.b.value(atPixel: py)
                let g = plot.surface.gradient(w: w, b: b)
                // In the dead region (and at a stationary point) there is no direction to draw.
                guard g.norm > 0, g.norm.isFinite else { continue }
                // Descent direction -grad in pixels (b grows upwards, pixel y downwards).
                let dx = -g.w / g.norm, dy = g.b / g.norm
                let x1 = px - dx * length / 2, y1 = py - dy * length / 2
                let x2 = px + dx * length / 2, y2 = py + dy * length / 2
                let head = length * 0.32
                let (c, s) = (cos(0.45), sin(0.45))
                // Two barbs: the direction reversed and turned by +-0.45 rad.
                let hx1 = x2 - head * (dx * c - dy * s), hy1 = y2 - head * (dy * c + dx * s)
                let hx2 = x2 - head * (dx * c + dy * s), hy2 = y2 - head * (dy * c - dx * s)
                let f = SVGElement.px
                parts.append(SVGElement("path", [("class", "arrow"), ("d", "M\(f(x1)),\(f(y1))L\(f(x2)),\(f(y2))M\(f(hx1)),\(f(hy1))L\(f(x2)),\(f(y2))L\(f(hx2)),\(f(hy2))")]))
            }
        }
        return SVGElement("g", [("class", "arrows"), ("fill", "none"), ("stroke", Self.arrowColor), ("stroke-width", "1"),
                                ("stroke-opacity", "0.75")], children: parts)
    }

    func trajectory(_ path: FieldTrajectory, index: Int, layout: Layout, dotted: Int) -> SVGElement {
        let points = path.trajectory.points
        var line = SVGElement.polyline(points.map { layout.pixel($0.w, $0.b) }, stroke: path.color, width: 2)
        line.attributes.insert(("class", "trajectory"), at: 0)
        line.attributes += [("data-points", String(points.count)), ("stroke-linejoin", "round")]
        var parts = [line]
        for p in points where p.step > 0 && p.step <= dotted {
            let (x, y) = layout.pixel(p.w, p.b)
            parts.append(.circle(x: x, y: y, r: 2, fill: path.color, cls: "iterate"))
        }
        return SVGElement("g", [("class", "trajectory-group"), ("data-label", path.label)], children: parts)
    }

    func legend(_ plot: SingleReLUFieldPlot, stationary: [StationaryPoint], levels: [Double],
                levelColor: (Double) -> String) -> [LegendItem] {
        var items = [
            LegendItem("dead region D: ReLU off on every x, gradient 0", .area(fill: Self.deadFill, opacity: 0.3, stroke: "#555555")),
            LegendItem("descent direction −∇L (length normalised)", .line(color: Self.arrowColor, width: 1.2, dash: nil)),
        ]
        if let mid = levels.dropFirst(levels.count / 2).first {
            items.append(LegendItem("loss contours (colour bar)", .line(color: levelColor(mid), width: 1.4, dash: nil)))
        }
        let labels: [StationaryKind: String] = [
            .minimum: "minimum", .saddle: "saddle: kink on a hinge, or apex of D",
            .degenerate: "weak minimum: flat ray, or dead edge rising out",
            .degenerateSaddle: "degenerate saddle: dead edge falling out",
        ]
        for kind in StationaryKind.allCases {
            let all = stationary.filter { $0.kind == kind }
            let visible = all.filter { Self.isVisible($0, in: plot.window) }
            let count = all.isEmpty ? "none" : (visible.count == all.count ? "\(all.count)" : "\(all.count), \(visible.count) in view")
            // Drawn as dashed lines when every one in view is a ray or an edge.
            let symbol: LegendItem.Swatch = !visible.isEmpty && visible.allSatisfy({ $0.line != nil })
                ? .line(color: Self.kindColors[kind]!, width: 2.5, dash: "5 3") : .marker(Self.kindShapes[kind]!, color: Self.kindColors[kind]!)
            items.append(LegendItem("\(labels[kind]!) (\(count))", symbol))
        }
        for path in plot.trajectories {
            items.append(LegendItem("\(path.label): \(path.outcome)", .line(color: path.color, width: 2, dash: nil)))
        }
        if !plot.trajectories.isEmpty {
            items.append(LegendItem("start", .marker(.ring, color: "#000000")))
            if plot.trajectories.contains(where: { $0.trajectory.firstDeadStep != nil }) {
                items.append(LegendItem("first iterate in D", .marker(.cross, color: "#000000")))
            }
            items.append(LegendItem("end", .marker(.square, color: "#555555")))
        }
        return items
    }
}
