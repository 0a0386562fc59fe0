import PhaseDiagram
import Plot
/// The predicted P(dead) boundary drawn over a P2 heatmap: pass `elements` as
/// `HeatmapRenderer.render(_:overlay:)`'s overlay. A dashed dark line on a white halo (readable
/// over every viridis colour) and a caption above the panel's top-right corner.
///
/// The default level is 0.75, not 0.5: without momentum about half of the He starts have the
/// wrong slope sign and die whatever the target scale (the floor of paper.md), so predictions
/// sit at or near 0.5 over much of the grid and a 0.5 line would trace that plateau. 0.75 is
/// half-way from that floor to certain death: the edge of the region momentum kills.
public struct DeathBoundaryOverlay: Sendable {
    /// Polylines of (x: targetStd, y: momentum).
    public let lines: [[PlotPoint]]
    public let level: Double
    /// The table has momentum on x and targetStd on y.
    public let transposed: Bool
    public var caption: String

    public init(prediction: DeathPredictionGrid, table: PhaseTable, level: Double = 0.75) throws(TheoryFigureError) {
        transposed = try DeathPredictionGrid.axes(of: table).transposed
        lines = prediction.boundary(level: level)
        self.level = level
        caption = "dashed: predicted P(dead) = \(NumberFormat.axis(level)) (theory, \(prediction.settings.quantiles) He-init quantiles)"
    }

    /// The overlay of one heatmap panel.
    public func elements(_ geometry: HeatmapGeometry) -> [SVGElement] {
        var out: [SVGElement] = []
        for line in lines {
            let pixels = line.compactMap { p in
                transposed ? geometry.point(x: p.y, y: p.x) : geometry.point(x: p.x, y: p.y)
            }.map { ($0.x, $0.y) }
            guard pixels.count >= 2 else { continue }
            var halo = SVGElement.polyline(pixels, stroke: "#ffffff", width: 4)
            halo.attributes.insert(("class", "prediction-halo"), at: 0)
            halo.attributes += [("stroke-opacity", "0.85"), ("stroke-linejoin", "round")]
            var dashed = SVGElement.polyline(pixels, stroke: "#111111", width: 1.8)
            dashed.attributes.insert(("class", "prediction-boundary"), at: 0)
            dashed.attributes += [("stroke-dasharray", "7 4"), ("stroke-linejoin", "round"), ("data-level", NumberFormat.axis(level))]
            out += [halo, dashed]
        }
        let note = lines.isEmpty ? caption + ": not crossed on this grid" : caption
        out.append(.text(note, x: geometry.left + geometry.width, y: geometry.top - 4, size: 9.5, anchor: .end, fill: "#111", cls: "overlay-caption"))
        return out
    }
}
