import TestSupport
import Plot
import SweepModel
import Foundation
import Testing
import ReLUCore
import ReLUTheory
import PhaseDiagram
@testable import TheoryFigures

@Suite struct DeathPredictionOverlayTests {
    static let settings = DeathPredictionGrid.Settings(dataset: "relu1d", optimizer: "momentum", lr: 0.05, steps: 300, nTrain: 64,
                                                       dataSeed: 0, targetMean: 0, quantiles: 8, outputBias: true)

    /// A crafted prediction: the floor 0.5 without momentum; with momentum 0.9 all dead at small
    /// targetStd, none at large.
    static let crafted = DeathPredictionGrid(targetStds: [1e-3, 1e-2, 1e-1, 1], momenta: [0, 0.9],
                                             probabilities: [0.5, 0.5, 0.5, 0.5, 1, 1, 0.5, 0], settings: settings)

    /// A measured table on the same grid: 10 trials per cell, `dead[k]` of them collapsed.
    static func table(dead: [Int], transposed: Bool = false) throws -> PhaseTable {
        var records: [TrialRecord] = []
        let sigmas = [1e-3, 1e-2, 1e-1, 1.0], betas = [0.0, 0.9]
        for (j, beta) in betas.enumerated() {
            for (i, sigma) in sigmas.enumerated() {
                for seed in 0..<10 {
                    records.append(TestRecords.record("\(i)-\(j)-\(seed)", targetStd: sigma, momentum: beta, seed: seed,
                                                      collapsed: seed < dead[j * 4 + i], dead: seed < dead[j * 4 + i] ? 1 : 0))
                }
            }
        }
        let query = transposed ? PhaseQuery(x: "momentum", y: "targetStd") : PhaseQuery(x: "targetStd", y: "momentum")
        return try PhaseAggregator(query: query).aggregate(records)
    }

    @Test func boundaryInterpolatesInLogTargetStdAndMomentum() {
        let lines = Self.crafted.boundary(level: 0.75)
        #expect(lines.count == 1)
        let line = lines[0]
        // Up the columns 1e-3 and 1e-2 (0.5 -> 1: half-way, momentum 0.45), then along the top
        // row between 1e-2 (1) and 1e-1 (0.5): half-way in log10, 10^-1.5.
        #expect(line.count == 3)
        let expected = [PlotPoint(x: 1e-3, y: 0.45), PlotPoint(x: 1e-2, y: 0.45), PlotPoint(x: pow(10, -1.5), y: 0.9)]
        for (p, e) in zip(line, expected) {
            #expect(abs(log10(p.x) - log10(e.x)) < 1e-12)
            #expect(abs(p.y - e.y) < 1e-12)
        }
        #expect(Self.crafted.boundary(level: 1.5).isEmpty)
    }

    @Test func overlayIsDrawnThroughTheHeatmapGeometry() throws {
        let table = try Self.table(dead: [5, 5, 5, 5, 10, 10, 4, 0])
        let overlay = try DeathBoundaryOverlay(prediction: Self.crafted, table: table)
        var geometries: [HeatmapGeometry] = []
        let svg = HeatmapRenderer().render(table) { g in
            geometries.append(g)
            return overlay.elements(g)
        }
        let doc = SVGInspector.parse(svg)
        #expect(doc.error == nil)
        let g = try #require(geometries.first)
        let drawn = doc.elements("polyline", classContaining: "prediction-boundary")
        #expect(drawn.count == 1)
        #expect(doc.elements("polyline", classContaining: "prediction-halo").count == 1)
        let points = drawn[0].attributes["points"]!.split(separator: " ")
        let expected = Self.crafted.boundary().first!.map { g.point(x: $0.x, y: $0.y)! }
        #expect(points.count == expected.count)
        for (text, e) in zip(points, expected) {
            #expect(text == "\(SVGElement.px(e.x)),\(SVGElement.px(e.y))")
        }
        #expect(doc.elements("text", classContaining: "overlay-caption").first?.text.contains("P(dead) = 0.75") == true)
        // Cell labels are drawn after the overlay, so the line never hides them.
        let names = doc.elements.map { $0.attributes["class"] ?? "" }
        #expect(names.lastIndex(of: "prediction-boundary")! < names.lastIndex(of: "cell-label")!)

        // Momentum on x: the same line, with the axes swapped.
        let transposed = try Self.table(dead: [5, 5, 5, 5, 10, 10, 4, 0], transposed: true)
        let flipped = try DeathBoundaryOverlay(prediction: Self.crafted, table: transposed)
        var tg: HeatmapGeometry?
        let tdoc = SVGInspector.parse(HeatmapRenderer().render(transposed) { g in tg = g; return flipped.elements(g) })
        let first = try #require(tdoc.elements("polyline", classContaining: "prediction-boundary").first?.attributes["points"]?.split(separator: " ").first)
        let p = try #require(tg?.point(x: 0.45, y: 1e-3))
        #expect(first == "\(SVGElement.px(p.x)),\(SVGElement.px(p.y))")
    }

    @Test func comparisonListsPredictedAgainstMeasured() throws {
        let table = try Self.table(dead: [5, 5, 5, 5, 10, 10, 4, 0])
        let comparison = try PredictionComparison(table: table, prediction: Self.crafted)
        #expect(comparison.measuredMetric == "collapsed")
        #expect(comparison.rows.count == 8)
        let row = try #require(comparison.rows.first { $0.targetStd == 1e-1 && $0.momentum == 0.9 })
        #expect(row.predicted == 0.5 && row.measured == 0.4 && row.n == 10)
        #expect(row.withinInterval == true)  // Wilson [0.17, 0.69] for 4/10
        let edge = try #require(comparison.rows.first { $0.targetStd == 1 && $0.momentum == 0.9 })
        #expect(edge.predicted == 0 && edge.measured == 0 && edge.withinInterval == true)
        #expect(comparison.summary.compared == 8 && comparison.summary.within == 8)
        let markdown = comparison.markdown()
        #expect(markdown.contains("| 0.1 | 0.9 | 0.50 | 0.40 [0.17, 0.69] | 10 | yes |"))
        #expect(markdown.contains("inside the measured interval in 8 of 8 cells"))

        // A prediction far outside the measured interval is reported as such.
        let off = DeathPredictionGrid(targetStds: [1e-3, 1e-2, 1e-1, 1], momenta: [0, 0.9],
                                      probabilities: [0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1], settings: Self.settings)
        let bad = try PredictionComparison(table: table, prediction: off)
        #expect(bad.rows.first { $0.targetStd == 1 && $0.momentum == 0.9 }?.withinInterval == false)
        #expect(bad.summary.within == 6)

        let json = try comparison.json()
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let rows = object["rows"] as! [[String: Any]]
        #expect(rows.count == 8)
        #expect(Set(rows[0].keys) == ["targetStd", "momentum", "predicted", "measured", "lower", "upper", "n", "withinInterval"])
    }

    /// The real prediction on a small case equals ReLUTheory's DeathPrediction cell by cell.
    @Test func gridMatchesDeathPredictionPerCell() throws {
        var base = TrialConfig()
        base.model = .single
        base.dataset = .relu1d
        base.optimizer = .momentum
        base.lr = 0.05
        base.steps = 300
        base.batchSize = 0
        base.nTrain = 64
        base.seed = 3
        let table = try Self.table(dead: [5, 5, 5, 5, 10, 10, 4, 0])
        let grid = try DeathPredictionGrid(table: table, base: base, quantiles: 8)
        #expect(grid.targetStds == [1e-3, 1e-2, 1e-1, 1] && grid.momenta == [0, 0.9])
        #expect(grid.settings.dataSeed == 3 && grid.settings.outputBias)
        for (sigma, beta) in [(1e-3, 0.9), (1.0, 0.0)] {
            var config = base
            config.targetStd = sigma
            config.momentum = beta
            config.nTest = 0
            let data = try Dataset.make(for: config)
            let surface = try SingleReLUSurface(coreX: data.xTrain, coreY: data.yTrain)
            let direct = try DeathPrediction(surface: surface, settings: TrajectorySettings(optimizer: .momentum, lr: 0.05, momentum: beta,
                                                                                         steps: 300, outputBias: true), quantiles: 8)
            #expect(grid.probability(targetStd: sigma, momentum: beta) == direct.probability)
        }
        #expect(grid.probability(targetStd: 5, momentum: 0) == nil)
    }

    @Test func unsuitableTablesAndConfigsAreRejected() throws {
        var base = TrialConfig()
        base.model = .single
        base.dataset = .relu1d
        base.batchSize = 0
        let records = [TestRecords.record("a", targetStd: 1, momentum: 0.9, depth: 2), TestRecords.record("b", targetStd: 1, momentum: 0.9, depth: 4)]
        let faceted = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum", facets: ["depth"])).aggregate(records)
        #expect(throws: TheoryFigureError.self) { try DeathPredictionGrid(table: faceted, base: base) }
        let wrongAxes = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "depth")).aggregate(records)
        do {
            _ = try DeathPredictionGrid(table: wrongAxes, base: base)
            Issue.record("a targetStd x depth table was accepted")
        } catch {
            #expect(error.message.contains("--y depth"))
        }
        let table = try Self.table(dead: [0, 0, 0, 0, 0, 0, 0, 0])
        var miniBatch = base
        miniBatch.batchSize = 64
        do {
            _ = try DeathPredictionGrid(table: table, base: miniBatch)
            Issue.record("mini-batch training accepted")
        } catch {
            #expect(error.message.hasPrefix("batchSize:"))
        }
        var mlp = base
        mlp.model = .mlp
        #expect(throws: TheoryFigureError.self) { try DeathPredictionGrid(table: table, base: mlp) }
    }
}
