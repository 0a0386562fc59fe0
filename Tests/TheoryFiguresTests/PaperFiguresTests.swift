import TestSupport
import Plot
import SweepModel
import Foundation
import Testing
import ReLUCore
import PhaseDiagram
@testable import TheoryFigures

@Suite struct PaperFiguresTests {
    /// P1 records: 3 optimizers x 3 targetStds x 6 seeds, nMSE growing as targetStd shrinks.
    static func p1Records() -> [TrialRecord] {
        var records: [TrialRecord] = []
        for (o, optimizer) in [OptimizerKind.sgd, .momentum, .adam].enumerated() {
            for sigma in [1e-3, 1e-1, 10] {
                for seed in 0..<6 {
                    records.append(TestRecords.record("\(optimizer)-\(sigma)-\(seed)", targetStd: sigma, momentum: optimizer == .sgd ? 0 : 0.9,
                                                      seed: seed, optimizer: optimizer, nmse: Double(o + 1) * 0.1 / sigma * Double(seed + 1)))
                }
            }
        }
        return records
    }

    @Test func p1IsLogLogWithOneLinePerOptimizer() throws {
        let figure = try PaperFigures.targetVariance(Self.p1Records())
        #expect(figure.table.metric == .nmse && figure.table.xKey == "targetStd" && figure.table.yKey == "optimizer")
        #expect(figure.plot.xKind == .log && figure.plot.yKind == .log)
        let series = figure.plot.panels[0].series
        #expect(series.map(\.name) == ["adam β1=0.9", "momentum β=0.9", "sgd"])
        // sgd at targetStd 0.1: the median of 0.1/0.1 * (1...6) is 3.5.
        let sgd = try #require(series.first { $0.name == "sgd" })
        #expect(sgd.points.map(\.x) == [1e-3, 1e-1, 10])
        #expect(abs(sgd.points[1].y - 3.5) < 1e-12)
        #expect(sgd.points.allSatisfy { $0.lower != nil && $0.upper != nil && $0.n == 6 })
        let doc = SVGInspector.parse(figure.svg)
        #expect(doc.error == nil)
        #expect(doc.elements("g", classContaining: "series").count == 3)
        #expect(doc.elements("circle", classContaining: "point").count == 9)
        #expect(doc.elements("polygon").count == 3)  // one interval band per line
        #expect(doc.elements("text", classContaining: "legend-label").map(\.text) == ["adam β1=0.9", "momentum β=0.9", "sgd"])
        #expect(doc.elements("text", classContaining: "axis-title").map(\.text).contains("normalized test MSE (log scale)"))
    }

    /// An optimizer run with several momenta keeps its bare name (no single beta to print).
    @Test func optimizerNamesNeedOneMomentum() {
        let records = [TestRecords.record("a", momentum: 0.5, optimizer: .momentum), TestRecords.record("b", momentum: 0.9, optimizer: .momentum),
                       TestRecords.record("c", momentum: 0.9, optimizer: .nesterov)]
        let names = PaperFigures.optimizerNames(records)
        #expect(names["optimizer=momentum"] == "momentum")
        #expect(names["optimizer=nesterov"] == "nesterov β=0.9")
    }

    @Test func p6FollowsTheTraceOverSteps() throws {
        var records: [TrialRecord] = []
        for (optimizer, deadAt) in [(OptimizerKind.sgd, [0.0, 0.0, 0.1]), (.momentum, [0.0, 0.5, 1.0])] {
            for seed in 0..<4 {
                let trace = zip([0, 100, 200], deadAt).map { ($0, $1, $1 == 1) }
                let metrics = TestRecords.metrics(dead: deadAt.last!, trace: trace)
                records.append(TrialRecord(trialId: "\(optimizer)-\(seed)", config: TestRecords.config(seed: seed, optimizer: optimizer), metrics: metrics))
            }
        }
        let figure = try PaperFigures.deadOverTime(records)
        #expect(figure.table.xKey == "step" && figure.table.metric == .deadFraction)
        #expect(figure.plot.xKind == .linear && figure.plot.yDomain == 0...1)
        let series = figure.plot.panels[0].series
        #expect(series.map(\.name) == ["momentum β=0.9", "sgd"])
        #expect(series[0].points.map(\.x) == [0, 100, 200])
        #expect(series[0].points.map(\.y) == [0, 0.5, 1])
        #expect(series[1].points.map(\.y) == [0, 0, 0.1])
        let doc = SVGInspector.parse(figure.svg)
        #expect(doc.error == nil)
        #expect(doc.elements("circle", classContaining: "point").count == 6)
        #expect(doc.elements("text", classContaining: "axis-title").map(\.text).contains("training step"))

        // Without traces there is nothing to draw, and the error says how to get one.
        let untraced = records.map { TrialRecord(trialId: $0.trialId, config: $0.config, metrics: TestRecords.metrics(dead: 0)) }
        do {
            _ = try PaperFigures.deadOverTime(untraced)
            Issue.record("P6 drew records without a trace")
        } catch {
            guard case .noData(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("--trace"))
        }
    }

    @Test func p2AndP5AreHeatmapsOfTheirAxes() throws {
        var records: [TrialRecord] = []
        for sigma in [1e-3, 1] {
            for beta in [0, 0.9] {
                for depth in [1, 4] {
                    for optimizer in [OptimizerKind.momentum, .adam] {
                        records.append(TestRecords.record("\(sigma)-\(beta)-\(depth)-\(optimizer)", targetStd: sigma, momentum: beta, depth: depth,
                                                          optimizer: optimizer, collapsed: sigma < 0.01 && beta > 0))
                    }
                }
            }
        }
        let p2 = try PaperFigures.singleReLUDeath(records.filter { $0.config.depth == 1 && $0.config.optimizer == .momentum })
        #expect(p2.prediction == nil && p2.comparison == nil)
        let p2doc = SVGInspector.parse(p2.svg)
        #expect(p2doc.elements("rect", classContaining: "cell").count == 4)
        #expect(p2.table.cell(x: .double(1e-3), y: .double(0.9))?.collapsedFraction == 1)

        let p5 = try PaperFigures.depth(records.filter { $0.config.momentum == 0.9 })
        #expect(p5.table.facetKeys == ["model", "optimizer"] && p5.table.facets.count == 2)
        let p5doc = SVGInspector.parse(p5.svg)
        #expect(p5doc.elements("rect", classContaining: "cell").count == 2 * 2 * 2)
        #expect(p5doc.elements("text", classContaining: "panel-title").map(\.text) == ["model=mlp, optimizer=adam", "model=mlp, optimizer=momentum"])
    }
}
