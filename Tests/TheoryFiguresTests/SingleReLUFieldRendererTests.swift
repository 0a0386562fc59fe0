import TestSupport
import Plot
import Foundation
import Testing
import ReLUCore
import ReLUTheory
import PhaseDiagram
@testable import TheoryFigures

@Suite struct SingleReLUFieldRendererTests {
    static func pixels(_ attribute: String) -> [(Double, Double)] {
        attribute.split(separator: " ").map { pair in
            let xy = pair.split(separator: ",").map { Double($0)! }
            return (xy[0], xy[1])
        }
    }

    /// Elements whose class has every one of `classes`.
    static func elements(_ doc: SVGInspector, _ name: String, _ classes: Set<Substring>) -> [SVGInspector.Element] {
        doc.elements(name).filter { classes.isSubset(of: Set(($0.attributes["class"] ?? "").split(separator: " "))) }
    }

    /// The figure's default case is the one it claims: heavy ball (beta 0.9) ends dead, the
    /// same start with beta = 0 never enters the dead region.
    @Test func defaultCaseDiesWithMomentumOnly() throws {
        let plot = try SingleReLUFigure.plot()
        #expect(plot.trajectories.count == 2)
        let heavy = plot.trajectories[0].trajectory, plain = plot.trajectories[1].trajectory
        #expect(heavy.settings.momentum == 0.9 && plain.settings.momentum == 0)
        #expect(heavy.deadAtEnd && heavy.divergenceStep == nil)
        #expect(plain.firstDeadStep == nil && !plain.deadAtEnd)
        #expect(heavy.points.first == plain.points.first)
        #expect(plot.trajectories[0].outcome == "dead from step \(heavy.deadSinceStep!)")
        // The paths train the output bias too, and the field is the profile over it.
        #expect(heavy.settings.outputBias && plain.settings.outputBias && plot.surface.outputBias)
        // The start is the training core's He initialization of seed 3 (b = 0).
        let network = SingleReLUNetwork(inputDim: 1, capacity: 1)
        var rng = DeterministicRNG(seed: 3, stream: .initialization)
        network.initialize(rng: &rng)
        #expect(heavy.points[0].w == network.unitWeights.w[0] && heavy.points[0].b == 0)
    }

    @Test func svgHasTheDeadRegionPathsMarkersAndLegend() throws {
        let plot = try SingleReLUFigure.plot()
        let svg = try SingleReLUFieldRenderer().render(plot)
        let doc = SVGInspector.parse(svg)
        #expect(doc.error == nil)
        let layout = SingleReLUFieldRenderer().layout(plot.window)
        let dead = plot.surface.deadRegion

        // The dead region: one polygon whose vertices (read back through the axes) are in D.
        let polygons = doc.elements("polygon", classContaining: "dead-region")
        #expect(polygons.count == 1)
        let vertices = Self.pixels(try #require(polygons.first?.attributes["points"]))
        #expect(vertices.count >= 3)
        for (x, y) in vertices {
            let w = layout.w.value(atPixel: x), b = layout.b.value(atPixel: y)
            #expect(dead.contains(w: w, b: b - 1e-3), "vertex (\(w), \(b)) is not in the dead region")
        }

        // One polyline per path, through every recorded point.
        let lines = doc.elements("polyline", classContaining: "trajectory")
        #expect(lines.count == 2)
        for (line, path) in zip(lines, plot.trajectories) {
            let points = Self.pixels(line.attributes["points"]!)
            #expect(points.count == path.trajectory.points.count)
            #expect(points.count == 3001)
            #expect(line.attributes["data-points"] == "3001")
            let last = path.trajectory.final
            #expect(abs(layout.w.value(atPixel: points.last!.0) - last.w) < 0.01)
            #expect(abs(layout.b.value(atPixel: points.last!.1) - last.b) < 0.01)
        }
        #expect(doc.elements("circle", classContaining: "iterate").count == 2 * 40)

        // Stationary points: the minimum and the apex (a saddle) are marked; the vertical ray
        // of all-active fits lies far above (b >= w x_max ~ 1.5 sigma...) and the dead edges are
        // dashed lines coloured by kind.
        let stationary = plot.surface.stationaryPoints() + plot.surface.deadBoundaryPoints()
        let minima = stationary.filter { $0.kind == .minimum && plot.window.contains(PlaneVector(w: $0.w, b: $0.b)) }
        #expect(minima.count == 1)
        #expect(doc.elements("polygon", classContaining: "minimum").count == 1)
        #expect(Self.elements(doc, "polygon", ["stationary", "saddle"]).count == 1)  // the apex
        #expect(Self.elements(doc, "line", ["deadEdge", "degenerateSaddle"]).count == 1)
        #expect(Self.elements(doc, "line", ["deadEdge", "degenerate"]).count == 1)
        let labels = doc.elements("text", classContaining: "legend-label").map(\.text)
        #expect(labels.contains("minimum (1)"))
        #expect(labels.contains("saddle: kink on a hinge, or apex of D (1)"))
        // Every kind's count in the legend is the number listed (the edges and rays in view).
        for (kind, prefix) in [(StationaryKind.degenerateSaddle, "degenerate saddle: dead edge falling out"), (.degenerate, "weak minimum:")] {
            let all = stationary.filter { $0.kind == kind }
            let shown = all.filter { SingleReLUFieldRenderer.isVisible($0, in: plot.window) }.count
            let label = try #require(labels.first { $0.hasPrefix(prefix) })
            #expect(label.hasSuffix(shown == all.count ? "(\(all.count))" : "(\(all.count), \(shown) in view)"), "\(label)")
        }
        #expect(labels.contains { $0.hasPrefix("heavy ball β=0.9: dead from step") })
        #expect(labels.contains("β=0 (gradient descent): never dead, alive at step 3000"))
        #expect(doc.elements("path", classContaining: "first-dead").count == 1)
        #expect(!doc.elements("path", classContaining: "contour").isEmpty)
    }

    /// Arrows point down the loss (along -grad) and none is drawn inside the dead region.
    @Test func arrowsFollowTheNegativeGradient() throws {
        let plot = try SingleReLUFigure.plot()
        let renderer = SingleReLUFieldRenderer()
        let layout = renderer.layout(plot.window)
        let doc = SVGInspector.parse(try renderer.render(plot))
        let arrows = doc.elements("path", classContaining: "arrow")
        #expect(arrows.count > 100)
        for arrow in arrows {
            // "M x1,y1 L x2,y2 M ...": the shaft from tail to tip.
            let numbers = arrow.attributes["d"]!.split(whereSeparator: { "ML,".contains($0) }).map { Double($0)! }
            let (x1, y1, x2, y2) = (numbers[0], numbers[1], numbers[2], numbers[3])
            let w = layout.w.value(atPixel: (x1 + x2) / 2), b = layout.b.value(atPixel: (y1 + y2) / 2)
            #expect(!plot.surface.isDead(w: w, b: b))
            let g = plot.surface.gradient(w: w, b: b)
            let dw = layout.w.value(atPixel: x2) - layout.w.value(atPixel: x1)
            let db = layout.b.value(atPixel: y2) - layout.b.value(atPixel: y1)
            let cosine = -(dw * g.w + db * g.b) / ((dw * dw + db * db).squareRoot() * g.norm)
            #expect(cosine > 0.999)
        }
    }

    /// The zigzag panel: kink saddles at w > 0 are marked, and both paths pass next to one.
    @Test func zigzagPanelMarksItsSaddles() throws {
        let plot = try SingleReLUFigure.plot(config: SingleReLUFigure.zigzagConfig())
        let saddles = plot.surface.stationaryPoints().filter { $0.kind == .saddle }
        #expect(!saddles.isEmpty && saddles.allSatisfy { $0.w > 0 && $0.location == .kink })
        for path in plot.trajectories {
            let closest = saddles.map { s in path.trajectory.points.map { (($0.w - s.w) * ($0.w - s.w) + ($0.b - s.b) * ($0.b - s.b)).squareRoot() }.min()! }.min()!
            #expect(closest < 0.1, "\(path.label) passes \(closest) from the nearest saddle")
        }
        let doc = SVGInspector.parse(try SingleReLUFieldRenderer().render(plot))
        #expect(doc.error == nil)
        let marked = Self.elements(doc, "polygon", ["stationary", "saddle"]).count
        #expect(marked == saddles.filter { plot.window.contains(PlaneVector(w: $0.w, b: $0.b)) }.count + 1)  // + the apex
    }

    @Test func contourLevelsSkipTheDeadPlateau() {
        let levels = SingleReLUFieldRenderer.contourLevels(lo: 0.3, hi: 40)
        #expect(levels == [0.5, 0.7, 1.5, 2, 3, 5, 7, 10, 15, 20, 30])
        #expect(SingleReLUFieldRenderer.contourLevels(lo: 2.1, hi: 4.5) == [2.5, 3, 4])
        #expect(SingleReLUFieldRenderer.contourLevels(lo: 0, hi: 1).isEmpty)
    }

    @Test func unsuitableConfigsAreRejected() {
        var config = SingleReLUFigure.defaultConfig()
        config.model = .mlp
        #expect(throws: TheoryFigureError.self) { try SingleReLUFigure.plot(config: config) }
        config = SingleReLUFigure.defaultConfig()
        config.dataset = .teacher
        do {
            _ = try SingleReLUFigure.plot(config: config)
            Issue.record("4-D teacher data accepted for the (w, b) plane")
        } catch {
            #expect(error.message.hasPrefix("dataset:"))
        }
        config = SingleReLUFigure.defaultConfig()
        config.optimizer = .adam
        #expect(throws: TheoryFigureError.self) { try SingleReLUFigure.plot(config: config) }
    }
}
