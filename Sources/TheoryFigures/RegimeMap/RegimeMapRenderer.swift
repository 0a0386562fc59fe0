import PhaseDiagram
import Plot
import Foundation
import ReLUTheory

/// Draws P3 panels: cells coloured by regime (categorical colours), the closed-form boundaries
/// as lines over them, the simulated-iterate check (crosses where it disagrees, rings where it
/// could not decide), axes and one legend.
public struct RegimeMapRenderer: Sendable {
    public var plotWidth: Double = 430
    public var plotHeight: Double = 300
    public var maxColumns: Int = 2

    /// Regime colours (Okabe-Ito); cells use them lightened (`cellColor`).
    public static let regimeColors: [MomentumRegime: String] = [
        .real: CategoricalPalette.okabeIto[5], .complex: CategoricalPalette.okabeIto[4], .divergent: CategoricalPalette.okabeIto[3],
    ]
    /// How much the cell colours are mixed with white, so the boundary lines stay readable.
    public static let cellLightening = 0.45

    public static func cellColor(_ regime: MomentumRegime) -> String {
        let base = regimeColors[regime].flatMap { RGBColor(hex: $0) } ?? RGBColor(0.8, 0.8, 0.8)
        return base.lightened(cellLightening).hex
    }

    static let margins = (left: 70.0, top: 34.0, right: 22.0, bottom: 58.0)
    static let header = 58.0

    public init() {}

    public static func label(_ regime: MomentumRegime) -> String {
        switch regime {
        case .real: "real eigenvalues (no oscillation)"
        case .complex: "complex eigenvalues (oscillates, overshoots)"
        case .divergent: "divergent (spectral radius ≥ 1)"
        }
    }

    static func title(_ method: MomentumMethod) -> String {
        switch method {
        case .heavyBall: "heavy ball"
        case .nesterov: "Nesterov"
        }
    }

    /// The pixel scales of panel `index` (x: lr*lambda, log; y: beta, linear).
    func scales(panel index: Int, count: Int, stepCurvatureRange: ClosedRange<Double>,
                betaRange: ClosedRange<Double>) -> (x: PlotScale, y: PlotScale) {
        let grid = panelGrid(count)
        let origin = grid.origin(index)
        let x0 = origin.x + Self.margins.left, y0 = Self.header + origin.y + Self.margins.top
        return (PlotScale(kind: .log, domain: stepCurvatureRange, start: x0, end: x0 + plotWidth),
                PlotScale(kind: .linear, domain: betaRange, start: y0 + plotHeight, end: y0))
    }

    func panelGrid(_ count: Int) -> PanelGrid {
        PanelGrid(count: count, panelWidth: Self.margins.left + plotWidth + Self.margins.right,
                  panelHeight: Self.margins.top + plotHeight + Self.margins.bottom, maxColumns: maxColumns)
    }

    public func render(_ panels: [RegimeMapPanel], stepCurvatureRange: ClosedRange<Double>, betaRange: ClosedRange<Double>) -> String {
        let grid = panelGrid(panels.count)
        let legendWidth = 300.0
        let formulaRows = 3.0
        var doc = SVGDocument(width: grid.width + legendWidth + 16,
                              height: Self.header + grid.height + formulaRows * 15 + 14,
                              title: "Momentum on a quadratic: regimes over lr·λ × β")
        let simulated = panels.map(\.simulatedCount).reduce(0, +)
        let disagree = panels.map(\.disagreementCount).reduce(0, +)
        let undecided = panels.map(\.undecidedCount).reduce(0, +)
        let rechecked = panels.map(\.recheckedCount).reduce(0, +)
        doc.add(.text("Momentum on a quadratic: regimes over lr·λ × β (closed form)", x: 12, y: 22, size: 15, cls: "title", weight: "bold"))
        var subtitle = "cell colour: regime at the cell centre; lines: exact boundaries"
        if simulated > 0 {
            subtitle += "; simulated iterates agree in \(simulated - disagree - undecided) of \(simulated) cells"
                + " (\(disagree) disagree ×, \(undecided) undecided ○"
                + (rechecked > 0 ? "; \(rechecked) slow cells re-run longer" : "") + ")"
        }
        doc.add(.text(subtitle, x: 12, y: 40, size: 10.5, fill: "#555", cls: "subtitle"))

        for (p, panel) in panels.enumerated() {
            let (xs, ys) = scales(panel: p, count: panels.count, stepCurvatureRange: stepCurvatureRange, betaRange: betaRange)
            let x0 = xs.start, y0 = ys.end
            let clipId = "regime-clip-\(p)"
            doc.define(SVGElement("clipPath", [("id", clipId)], children: [.rect(x: x0, y: y0, width: plotWidth, height: plotHeight, fill: "#000")]))
            var parts: [SVGElement] = [
                .text(Self.title(panel.method), x: x0 + plotWidth / 2, y: y0 - 10, size: 13, anchor: .middle, cls: "panel-title", weight: "bold"),
            ]
            var cells: [SVGElement] = []
            var checks: [SVGElement] = []
            let map = panel.map
            for (row, beta) in map.betas.enumerated() {
                let top = ys.position(panel.betaEdges[row + 1]), bottom = ys.position(panel.betaEdges[row])
                for (column, h) in map.stepCurvatures.enumerated() {
                    let cell = map.cell(betaIndex: row, stepCurvatureIndex: column)
                    let left = xs.position(panel.stepCurvatureEdges[column]), right = xs.position(panel.stepCurvatureEdges[column + 1])
                    let color = Self.cellColor(cell.regime)
                    var rect = SVGElement.rect(x: left, y: top, width: right - left, height: bottom - top, fill: color, stroke: color,
                                               cls: "cell regime-\(cell.regime.rawValue)",
                                               extra: [("data-h", "\(h)"), ("data-beta", "\(beta)")])
                    let k = row * map.stepCurvatures.count + column
                    if let s = panel.checks[k] {
                        rect.attributes.append(("data-simulated", s.regime?.rawValue ?? "undecided"))
                    }
                    cells.append(rect)
                    let cx = (left + right) / 2, cy = (top + bottom) / 2
                    let size = min(right - left, bottom - top) * 0.7
                    if panel.disagrees(k) {
                        checks.append(MarkerShape.cross.element(x: cx, y: cy, size: size, color: "#000000", cls: "check disagree"))
                    } else if panel.isUndecided(k) {
                        var ring = MarkerShape.ring.element(x: cx, y: cy, size: size * 0.8, color: "#000000", cls: "check undecided")
                        ring.attributes = ring.attributes.map { $0.0 == "stroke-width" ? ($0.0, "1") : ($0.0 == "fill" ? ($0.0, "none") : $0) }
                        checks.append(ring)
                    }
                }
            }
            // Opaque cells stroked in their own colour (width set once here): no seams between them.
            parts.append(SVGElement("g", [("class", "cells"), ("stroke-width", "0.4")], children: cells))
            var curveElements: [SVGElement] = []
            for curve in panel.curves {
                for piece in curve.pieces {
                    var line = SVGElement.polyline(piece.map { (xs.position($0.x), ys.position($0.y)) }, stroke: "#111111",
                                                   width: curve.kind == .divergence ? 1.8 : 1.6)
                    line.attributes.insert(("class", "boundary \(curve.kind.rawValue)"), at: 0)
                    line.attributes.append(("data-formula", RegimeBoundaryCurve.formula(curve.kind, method: panel.method)))
                    if curve.kind == .divergence { line.attributes.append(("stroke-dasharray", "6 3")) }
                    curveElements.append(line)
                }
            }
            parts.append(SVGElement("g", [("class", "boundaries"), ("clip-path", "url(#\(clipId))")], children: curveElements))
            parts.append(.group(checks, cls: "checks"))
            parts.append(.rect(x: x0, y: y0, width: plotWidth, height: plotHeight, fill: "none", stroke: "#333333", cls: "frame"))
            parts.append(PlotAxis.bottom(ticks: PlotAxis.positions(xs), from: x0, to: x0 + plotWidth, y: y0 + plotHeight,
                                         title: "lr·λ (step size × curvature, log scale)", fontSize: 10.5))
            parts.append(PlotAxis.left(ticks: PlotAxis.positions(ys, maximum: 11), from: y0, to: y0 + plotHeight, x: x0,
                                       title: "momentum β", fontSize: 10.5))
            doc.add(.group(parts, cls: "panel"))
        }

        var items = MomentumRegime.allCases.map { LegendItem(Self.label($0), .area(fill: Self.cellColor($0), opacity: 1, stroke: nil)) }
        items.append(LegendItem("complex-band edge", .line(color: "#111111", width: 1.6, dash: nil)))
        items.append(LegendItem("divergence edge (|μ| = 1)", .line(color: "#111111", width: 1.8, dash: "6 3")))
        if simulated > 0 {
            func cells(_ n: Int) -> String { n == 0 ? "none" : n == 1 ? "1 cell" : "\(n) cells" }
            items.append(LegendItem("simulation disagrees (\(cells(disagree)))", .marker(.cross, color: "#000000")))
            items.append(LegendItem("simulation undecided (\(cells(undecided)))", .marker(.ring, color: "#000000")))
        }
        doc.add(Legend.box(items: items, x: grid.width + 6, y: Self.header + Self.margins.top, title: "regime", fontSize: 10.5,
                           width: legendWidth - 10))

        // The formulas, one line per method, under the panels.
        var y = Self.header + grid.height + 10
        for panel in panels {
            let f = { (k: RegimeBoundaryCurve.Kind) in RegimeBoundaryCurve.formula(k, method: panel.method) }
            let text = "\(Self.title(panel.method)): complex for \(f(.complexLower)) < lr·λ < \(f(.complexUpper)); "
                + "converges for 0 < lr·λ < \(f(.divergence))"
            doc.add(.text(text, x: 12, y: y, size: 10.5, fill: "#333", cls: "formula"))
            y += 15
        }
        return doc.render()
    }
}
