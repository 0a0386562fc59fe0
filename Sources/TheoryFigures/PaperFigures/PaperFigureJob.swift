import Plot
import Foundation
import PhaseDiagram
import ReLUCore
import SweepModel

/// One paper figure of `relusweep figures`: the grid whose sweep feeds it and how its files are
/// drawn from the sweep's records. P3 and P4 also draw the analytic figures of ReLUTheory.
public struct PaperFigureJob: Sendable {
    /// A file a figure writes (SVGs are also converted to PNG when rsvg-convert is present).
    public struct Output: Sendable {
        public var name: String
        public var contents: String
    }

    public let id: String
    public let grid: String
    /// Seeds per cell of `--quick`.
    public let quickSeeds: Int
    public let title: String
    public let render: @Sendable (_ records: [TrialRecord], _ spec: GridSpec) throws -> [Output]

    public static let all: [PaperFigureJob] = [p1, p2, p3, p4, p5, p6]

    static func expected(_ spec: GridSpec) -> ExpectedTrials { ExpectedTrials(grid: spec) }

    /// The table of a figure as Markdown and JSON, next to its picture.
    static func tables(_ stem: String, _ table: PhaseTable) throws -> [Output] {
        [Output(name: stem + ".md", contents: MarkdownPhaseRenderer.render(table)),
         Output(name: stem + ".json", contents: try JSONPhaseRenderer.render(table))]
    }

    static func heatmap(_ stem: String, _ records: [TrialRecord], _ query: PhaseQuery, _ spec: GridSpec) throws -> [Output] {
        let table = try PhaseAggregator(query: query).aggregate(records, expected: expected(spec))
        return [Output(name: stem + ".svg", contents: HeatmapRenderer().render(table))] + (try tables(stem, table))
    }

    static let p1 = PaperFigureJob(
        id: "p1", grid: "p1-target-variance.yaml", quickSeeds: 6,
        title: "P1: normalized test MSE over targetStd, by optimizer (C1)"
    ) { records, spec in
        let figure = try PaperFigures.targetVariance(records, expected: expected(spec))
        return [Output(name: "p1-target-variance.svg", contents: figure.svg)] + (try tables("p1-target-variance", figure.table))
    }

    static let p2 = PaperFigureJob(
        id: "p2", grid: "p2-single-relu.yaml", quickSeeds: 16,
        title: "P2: P(dead) of a single ReLU over targetStd x momentum, with the predicted boundary (C1, C3)"
    ) { records, spec in
        let figure = try PaperFigures.singleReLUDeath(records, metric: .collapsed, expected: expected(spec),
                                                      theory: spec.config(at: 0))
        var out = [Output(name: "p2-single-relu.svg", contents: figure.svg)] + (try tables("p2-single-relu", figure.table))
        if let comparison = figure.comparison {
            out.append(Output(name: "p2-prediction.md", contents: comparison.markdown()))
            out.append(Output(name: "p2-prediction.json", contents: try comparison.json()))
        }
        return out
    }

    static let p3 = PaperFigureJob(
        id: "p3", grid: "p3-momentum-regimes.yaml", quickSeeds: 6,
        title: "P3: regimes of momentum as a linear system (analytic) and single-ReLU death over lr x momentum (C2)"
    ) { records, spec in
        [Output(name: "p3-regime-map.svg", contents: try RegimeMapFigure().render())]
            + (try heatmap("p3-momentum-regimes", records, PhaseQuery(x: "lr", y: "momentum", metric: .collapsed), spec))
    }

    static let p4 = PaperFigureJob(
        id: "p4", grid: "p4-single-relu-field.yaml", quickSeeds: 4,
        title: "P4: the single-ReLU gradient field, dead region and a momentum trajectory (C3)"
    ) { records, spec in
        [Output(name: "p4-single-relu-field.svg", contents: try SingleReLUFigure.render()),
         Output(name: "p4-single-relu-field-zigzag.svg", contents: try SingleReLUFigure.render(config: SingleReLUFigure.zigzagConfig()))]
            + (try heatmap("p4-single-relu-runs", records, PhaseQuery(x: "targetStd", y: "momentum", metric: .collapsed), spec))
    }

    static let p5 = PaperFigureJob(
        id: "p5", grid: "p5-depth.yaml", quickSeeds: 3,
        title: "P5: collapse and dead-unit fraction over targetStd x depth, mlp vs resmlp, momentum vs adam (C4)"
    ) { records, spec in
        var out: [Output] = []
        for metric in [PhaseMetric.collapsed, .deadFraction] {
            let figure = try PaperFigures.depth(records, metric: metric, facets: ["model", "optimizer", "lr"], expected: expected(spec))
            let stem = "p5-depth-\(metric.rawValue)"
            out += [Output(name: stem + ".svg", contents: figure.svg)] + (try tables(stem, figure.table))
        }
        return out
    }

    static let p6 = PaperFigureJob(
        id: "p6", grid: "p6-dead-over-time.yaml", quickSeeds: 4,
        title: "P6: dead-unit fraction during training, sgd vs momentum vs adam (C3, C4)"
    ) { records, spec in
        let figure = try PaperFigures.deadOverTime(records, facets: ["targetStd"], expected: expected(spec))
        return [Output(name: "p6-dead-over-time.svg", contents: figure.svg)] + (try tables("p6-dead-over-time", figure.table))
    }
}
