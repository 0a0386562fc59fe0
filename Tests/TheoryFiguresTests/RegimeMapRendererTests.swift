import TestSupport
import Plot
import Foundation
import Testing
import ReLUTheory
import PhaseDiagram
@testable import TheoryFigures

@Suite struct RegimeMapRendererTests {
    static func figure(columns: Int = 24, rows: Int = 16, simulate: Bool = false) -> RegimeMapFigure {
        var f = RegimeMapFigure()
        f.columns = columns
        f.rows = rows
        f.simulate = simulate
        f.boundarySamples = 120
        return f
    }

    static func points(_ attribute: String) -> [(Double, Double)] {
        attribute.split(separator: " ").map { pair in
            let xy = pair.split(separator: ",").map { Double($0)! }
            return (xy[0], xy[1])
        }
    }

    /// Boundary lines read back from the drawing (pixels through the panel's scales) lie on the
    /// closed-form curves: h = (1 - sqrt beta)^2, (1 + sqrt beta)^2, 2(1 + beta) for heavy ball.
    @Test func drawnBoundariesMatchTheFormulas() throws {
        let figure = Self.figure()
        let svg = try figure.render()
        let doc = SVGInspector.parse(svg)
        #expect(doc.error == nil)
        let renderer = RegimeMapRenderer()
        let formulas: [MomentumMethod: [String: (Double) -> Double]] = [
            .heavyBall: [
                "complexLower": { (1 - $0.squareRoot()) * (1 - $0.squareRoot()) },
                "complexUpper": { (1 + $0.squareRoot()) * (1 + $0.squareRoot()) },
                "divergence": { 2 * (1 + $0) },
            ],
            .nesterov: [
                "complexLower": { let q = (1 - $0) / (1 + $0); return q * q },
                "complexUpper": { _ in 1 },
                "divergence": { 2 * (1 + $0) / (1 + 2 * $0) },
            ],
        ]
        let groups = doc.elements.indices.filter { doc.elements[$0].name == "g" && doc.elements[$0].attributes["class"] == "boundaries" }
        #expect(groups.count == 2)
        let lines = doc.elements("polyline", classContaining: "boundary")
        var checked = 0
        for (p, method) in figure.methods.enumerated() {
            let (xs, ys) = renderer.scales(panel: p, count: 2, stepCurvatureRange: figure.stepCurvatureRange, betaRange: figure.betaRange)
            // Panel p's lines are those whose pixels fall inside its plot area.
            let mine = lines.filter { line in
                Self.points(line.attributes["points"]!).allSatisfy { $0.0 >= xs.start - 0.5 && $0.0 <= xs.end + 0.5 }
            }
            #expect(Set(mine.compactMap { $0.attributes["class"] }) == ["boundary complexLower", "boundary complexUpper", "boundary divergence"])
            for line in mine {
                let kind = String(line.attributes["class"]!.split(separator: " ")[1])
                let formula = try #require(formulas[method]?[kind])
                for (px, py) in Self.points(line.attributes["points"]!) {
                    let h = xs.value(atPixel: px), beta = ys.value(atPixel: py)
                    // Pixels are rounded to 0.01 px: up to 6e-5 decades in h and 2e-5 in beta, which
                    // moves log10 h by the curve's slope times that (steep where beta -> 1).
                    let b = min(max(beta, 1e-6), 0.99)
                    let expected = formula(b)
                    let slope = abs(log10(formula(min(b + 1e-7, 0.99))) - log10(formula(b - 1e-7))) / (min(b + 1e-7, 0.99) - b + 1e-7)
                    let tolerance = 1e-4 + slope * 3e-5
                    #expect(abs(log10(h) - log10(expected)) < tolerance, "\(method) \(kind): beta \(beta) drawn at h \(h), formula \(expected)")
                    checked += 1
                }
            }
        }
        #expect(checked > 500)
    }

    /// Every cell sits where its data attributes say, and is coloured by the closed-form regime
    /// of its centre.
    @Test func everyCellIsColouredByTheRegimeOfItsCentre() throws {
        let figure = Self.figure()
        let doc = SVGInspector.parse(try figure.render())
        let cells = doc.elements("rect", classContaining: "cell")
        #expect(cells.count == 2 * 24 * 16)
        let renderer = RegimeMapRenderer()
        var seen: Set<MomentumRegime> = []
        for (k, cell) in cells.enumerated() {
            let panel = k / (24 * 16)
            let method = figure.methods[panel]
            let (xs, ys) = renderer.scales(panel: panel, count: 2, stepCurvatureRange: figure.stepCurvatureRange, betaRange: figure.betaRange)
            let h = try #require(Double(cell.attributes["data-h"] ?? ""))
            let beta = try #require(Double(cell.attributes["data-beta"] ?? ""))
            let x = Double(cell.attributes["x"]!)!, y = Double(cell.attributes["y"]!)!
            let w = Double(cell.attributes["width"]!)!, hgt = Double(cell.attributes["height"]!)!
            #expect(abs(log10(xs.value(atPixel: x + w / 2)) - log10(h)) < 1e-3)
            #expect(abs(ys.value(atPixel: y + hgt / 2) - beta) < 1e-3)
            let regime = try RegimeBoundaries(method: method, beta: beta).regime(stepCurvature: h)
            seen.insert(regime)
            #expect(cell.attributes["class"] == "cell regime-\(regime.rawValue)")
            #expect(cell.attributes["fill"] == RegimeMapRenderer.cellColor(regime))
        }
        #expect(seen == Set(MomentumRegime.allCases))
        #expect(Set(MomentumRegime.allCases.map(RegimeMapRenderer.cellColor)).count == 3)
    }

    @Test func legendAndFormulasAreLabelled() throws {
        let doc = SVGInspector.parse(try Self.figure(simulate: true).render())
        let labels = doc.elements("text", classContaining: "legend-label").map(\.text)
        #expect(labels.count == 7)
        for regime in MomentumRegime.allCases { #expect(labels.contains(RegimeMapRenderer.label(regime))) }
        #expect(labels.contains("simulation disagrees (none)"))
        let formulas = doc.elements("text", classContaining: "formula").map(\.text)
        #expect(formulas.count == 2)
        #expect(formulas[0].contains("(1−√β)² < lr·λ < (1+√β)²") && formulas[0].contains("2(1+β)"))
        #expect(doc.elements("text", classContaining: "panel-title").map(\.text) == ["heavy ball", "Nesterov"])
    }

    /// The simulated check: with the default run alone, slowly converging cells stay undecided
    /// and are marked; the longer re-run decides them, and it agrees with the closed form.
    @Test func simulatedChecksAreMarked() throws {
        var figure = Self.figure(columns: 20, rows: 10, simulate: true)
        figure.recheck = nil
        let panels = try figure.panels()
        let undecided = panels.map(\.undecidedCount).reduce(0, +)
        #expect(undecided > 0)
        let doc = SVGInspector.parse(RegimeMapRenderer().render(panels, stepCurvatureRange: figure.stepCurvatureRange, betaRange: figure.betaRange))
        #expect(doc.elements("circle", classContaining: "undecided").count == undecided)
        #expect(doc.elements("rect", classContaining: "cell").filter { $0.attributes["data-simulated"] == "undecided" }.count == undecided)

        figure.recheck = RegimeRecheck()
        let rechecked = try figure.panels()
        #expect(rechecked.map(\.undecidedCount).reduce(0, +) == 0)
        #expect(rechecked.map(\.disagreementCount).reduce(0, +) == 0)
        #expect(rechecked.map(\.recheckedCount).reduce(0, +) == undecided)
        let subtitle = SVGInspector.parse(RegimeMapRenderer().render(rechecked, stepCurvatureRange: figure.stepCurvatureRange,
                                                                     betaRange: figure.betaRange))
            .elements("text", classContaining: "subtitle").first?.text ?? ""
        #expect(subtitle.contains("agree in 400 of 400 cells (0 disagree ×, 0 undecided ○; \(undecided) slow cells re-run longer)"))
    }

    /// A curve leaving the h range ends exactly on the border: (1 - sqrt beta)^2 = 1e-4 at beta = 0.99^2.
    @Test func curvesEndOnTheRangeBorder() throws {
        let curve = try RegimeBoundaryCurve(method: .heavyBall, kind: .complexLower, stepCurvatureRange: 1e-4...10,
                                            betaRange: 0...0.99, samples: 50)
        #expect(curve.pieces.count == 1)
        let end = try #require(curve.pieces.first?.last)
        #expect(end.x == 1e-4)
        #expect(abs(end.y - 0.9801) < 1e-9)
        #expect(curve.pieces[0].allSatisfy { (1e-4...10).contains($0.x) })
        // Nesterov's complex band ends at h = 1 for every beta: a vertical line.
        let upper = try RegimeBoundaryCurve(method: .nesterov, kind: .complexUpper, stepCurvatureRange: 1e-4...10,
                                            betaRange: 0...0.99, samples: 50)
        #expect(upper.pieces.first?.count == 50 && upper.pieces[0].allSatisfy { $0.x == 1 })
    }

    @Test func badRangesAreRejected() {
        var figure = Self.figure()
        figure.betaRange = 0...1
        #expect(throws: TheoryError.self) { try figure.render() }
        figure = Self.figure()
        figure.stepCurvatureRange = 0...10
        do {
            _ = try figure.render()
            Issue.record("a log axis from 0 was accepted")
        } catch {
            #expect(error.argument == "stepCurvatureRange")
        }
    }
}
