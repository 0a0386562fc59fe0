import TestSupport
import Plot
import SweepModel
import Testing
import ReLUCore
@testable import PhaseDiagram

@Suite struct LinePlotRendererTests {
    /// P1's shape: nmse over targetStd, one line per optimizer.
    @Test func seriesPerYValueWithAPointPerCell() throws {
        var records: [TrialRecord] = []
        for (i, s) in [1e-4, 1e-2, 1].enumerated() {
            for opt in [OptimizerKind.sgd, .adam] {
                for seed in 0..<6 {
                    records.append(TestRecords.record("\(i)-\(opt)-\(seed)", targetStd: s, seed: seed, optimizer: opt,
                                                      nmse: opt == .adam && i == 0 ? nil : 0.01 * Double(seed + 1) / s.squareRoot()))
                }
            }
        }
        let table = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "optimizer", metric: .nmse)).aggregate(records)
        let plot = table.linePlot()
        #expect(plot.xKind == .log)
        #expect(plot.yKind == .log)
        #expect(plot.panels.count == 1)
        #expect(plot.panels[0].series.map(\.name) == ["optimizer=adam", "optimizer=sgd"])
        let svg = LinePlotRenderer().render(plot)
        let doc = SVGInspector.parse(svg)
        #expect(doc.error == nil)
        #expect(doc.elements("g", classContaining: "series").count == 2)
        // adam at 1e-4: every nMSE infinite, so its median is not drawn: 3 + 2 points.
        #expect(doc.elements("circle", classContaining: "point").count == 5)
        #expect(doc.elements("text", classContaining: "subtitle").first?.text.contains("1 point(s)") == true)
        #expect(doc.elements("polygon").count == 2)  // one interval band per line
        #expect(doc.elements("text", classContaining: "legend-label").map(\.text) == ["optimizer=adam", "optimizer=sgd"])
    }

    @Test func categoricalXUsesNames() {
        let plot = LinePlot(title: "t", xTitle: "model", yTitle: "y", yDomain: 0...1, xCategories: ["mlp", "resmlp"],
                            panels: [LinePanel(title: "", series: [LineSeries(name: "a", points: [LinePoint(x: 0, y: 0.2), LinePoint(x: 1, y: 0.4)])])])
        let doc = SVGInspector.parse(LinePlotRenderer().render(plot))
        #expect(doc.error == nil)
        let ticks = doc.elements("text", classContaining: "tick-label").map(\.text)
        #expect(ticks.contains("mlp") && ticks.contains("resmlp"))
    }
}
