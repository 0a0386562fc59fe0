import TestSupport
import Plot
import SweepModel
import Foundation
import Testing
import ReLUCore
@testable import PhaseDiagram

@Suite struct HeatmapRendererTests {
    func table(facets: [String] = []) throws -> PhaseTable {
        var records: [TrialRecord] = []
        for (i, s) in [1e-4, 1e-3, 1e-2, 1].enumerated() {
            for (j, m) in [0.0, 0.9].enumerated() where !(i == 0 && j == 1) {  // one empty cell
                for seed in 0..<5 {
                    records.append(TestRecords.record("r\(i)-\(j)-\(seed)", targetStd: s, momentum: m, depth: seed % 2 + 1,
                                                      seed: seed, collapsed: seed < i + j))
                }
            }
        }
        return try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum", facets: facets)).aggregate(records)
    }

    @Test func svgIsWellFormedWithOneRectAndLabelPerCell() throws {
        let t = try table()
        let svg = HeatmapRenderer().render(t)
        let doc = SVGInspector.parse(svg)
        #expect(doc.error == nil)
        let cells = doc.elements("rect", classContaining: "cell")
        #expect(cells.count == 4 * 2)
        #expect(doc.elements("rect", classContaining: "empty").count == 1)
        #expect(doc.elements("text", classContaining: "cell-label").count == 8)
        // The empty cell is hatched, never coloured as a value.
        let empty = try #require(doc.elements("rect", classContaining: "empty").first)
        #expect(empty.attributes["fill"] == "url(#hatch-missing)")
        #expect(empty.attributes["data-x"] == "0.0001" && empty.attributes["data-y"] == "0.9")
        #expect(doc.elements("pattern").count == 1)
        #expect(doc.elements("linearGradient").count == 1)
    }

    @Test func labelsShowFractionIntervalAndN() throws {
        let t = try table()
        let doc = SVGInspector.parse(HeatmapRenderer().render(t))
        let cell = try #require(t.cell(x: .double(1e-2), y: .double(0.9)))  // 3 of 5 collapsed
        let wilson = try #require(WilsonInterval.interval(successes: 3, trials: 5))
        let expected = "0.60 [\(NumberFormat.fraction(wilson.lowerBound)),\(NumberFormat.fraction(wilson.upperBound))]"
        #expect(cell.fraction == 0.6)
        let labels = doc.elements("text", classContaining: "cell-label").map(\.text)
        #expect(labels.contains { $0.contains(expected) && $0.contains("n=5") })
        #expect(labels.contains { $0.contains("no data") })
    }

    @Test func logAxisPlacesGeometricValuesEvenlyAndSaysSo() throws {
        let t = try table()
        #expect(t.xScale == .log)
        let bands = HeatmapRenderer.bands(t.heatmap().xAxis, length: 400)
        // 1e-4, 1e-3, 1e-2 are one decade apart, 1 two decades: widths 1:1:1.5:2 in log space.
        let widths = bands.map { $0.upper - $0.lower }
        #expect(abs(widths[0] - widths[1]) < 1e-9)
        #expect(widths[3] > widths[1])
        let doc = SVGInspector.parse(HeatmapRenderer().render(t))
        #expect(doc.elements("text", classContaining: "axis-title").contains { $0.text == "targetStd (log scale)" })
    }

    @Test func onePanelPerFacetValue() throws {
        let t = try table(facets: ["depth"])
        #expect(t.facets.count == 2)
        let doc = SVGInspector.parse(HeatmapRenderer().render(t))
        #expect(doc.error == nil)
        #expect(doc.elements("g", classContaining: "panel").count == 2)
        #expect(doc.elements("rect", classContaining: "cell").count == 2 * 4 * 2)
        #expect(doc.elements("text", classContaining: "panel-title").map(\.text) == ["depth=1", "depth=2"])
    }

    @Test func textFromDataIsEscaped() throws {
        var c = TestRecords.config()
        c.dataset = .csv(path: "data/a<b>&\"c\".csv")
        let record = TrialRecord(trialId: "x", config: c, metrics: TestRecords.metrics())
        let t = try PhaseAggregator(query: PhaseQuery(x: "dataset", y: "momentum")).aggregate([record])
        let doc = SVGInspector.parse(HeatmapRenderer().render(t))
        #expect(doc.error == nil)
        #expect(doc.elements("rect", classContaining: "cell").first?.attributes["data-x"] == "csv:data/a<b>&\"c\".csv")
    }

    @Test func overlaysAreDrawnInDataCoordinates() throws {
        let t = try table()
        var centers: [(Double, Double)] = []
        var midpoint: (x: Double, y: Double)?
        let svg = HeatmapRenderer().render(t) { geometry in
            // A cell's own values map to its centre; a value between two decades to the middle.
            if let c = geometry.point(x: 1e-3, y: 0.9) { centers.append(c) }
            midpoint = geometry.point(x: 10.0.squareRoot() * 1e-4, y: 0.9)
            return [.line(x1: geometry.left, y1: geometry.top, x2: geometry.left + geometry.width, y2: geometry.top + geometry.height)]
        }
        let doc = SVGInspector.parse(svg)
        #expect(doc.error == nil)
        #expect(doc.elements("g", classContaining: "overlay").count == 1)
        let cell = try #require(doc.elements("rect", classContaining: "cell").first {
            $0.attributes["data-x"] == "0.001" && $0.attributes["data-y"] == "0.9" })
        let x = Double(cell.attributes["x"]!)!, w = Double(cell.attributes["width"]!)!
        let y = Double(cell.attributes["y"]!)!, h = Double(cell.attributes["height"]!)!
        let center = try #require(centers.first)
        #expect(abs(center.0 - (x + w / 2)) < 0.01 && abs(center.1 - (y + h / 2)) < 0.01)
        let mid = try #require(midpoint)
        #expect(abs(mid.x - x) < 0.01)  // half a decade left of 1e-3: the edge shared with the 1e-4 cell
    }

    @Test func viridisEndsMatchItsTable() {
        #expect(ColorMap.viridis.color(at: 0).hex == "#440154")
        #expect(ColorMap.viridis.color(at: 1).hex == "#fde725")
        #expect(ColorMap.viridis.color(at: 128.0 / 255).hex == "#21918c")  // entry 128 of the table
        #expect(ColorMap.viridis.color(at: 0).textColor == "#ffffff")
        #expect(ColorMap.viridis.color(at: 1).textColor == "#111111")
    }
}
