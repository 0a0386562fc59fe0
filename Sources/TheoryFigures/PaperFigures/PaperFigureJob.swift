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

    public static let all: [PaperFigureJob] = [p1, p1a, p2, p3, p4, p5, p6]

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

    /// P1's ablation: the output layer initialized at the target scale (outputInitScale = targetStd).
    static let p1a = PaperFigureJob(
        id: "p1a", grid: "p1-output-scale.yaml", quickSeeds: 6,
        title: "P1 ablation: normalized test MSE over targetStd with the output layer initialized at the target scale (C1)"
    ) { records, spec in
        let figure = try PaperFigures.targetVariance(records, expected: expected(spec))
        var plot = figure.plot
        plot.title = "Normalized test MSE over the target scale, output layer initialized at the target scale"
        plot.subtitle = "outputInitScale = targetStd; " + plot.subtitle
        return [Output(name: "p1-output-scale.svg", contents: LinePlotRenderer().render(plot))] + (try tables("p1-output-scale", figure.table))
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
        // By the sign of the initial slope w0 (metrics.initSlope): the beta = 0 floor is the
        // runs started with w0 < 0. No expected counts: a condition keeps only some seeds.
        for (stem, condition) in [("p2-single-relu-w0-positive", "initSlope>0"), ("p2-single-relu-w0-negative", "initSlope<0")] {
            let query = PhaseQuery(x: "targetStd", y: "momentum", metric: .collapsed, conditions: [try RecordCondition(parsing: condition)])
            let table = try PhaseAggregator(query: query).aggregate(records)
            out += [Output(name: stem + ".svg", contents: HeatmapRenderer().render(table))] + (try tables(stem, table))
        }
        out += try paired("p2-momentum-paired", records, [
            ("all seeds", "momentum=0,0.9", [], []),
            ("w0 > 0", "momentum=0,0.9", ["initSlope>0"], []),
            ("w0 < 0", "momentum=0,0.9", ["initSlope<0"], []),
        ], facets: [.targetStd])
        return out
    }

    /// Paired comparisons (exact McNemar) as one Markdown file and its JSON: each entry a
    /// label, `--by`, conditions and ignored keys.
    static func paired(_ stem: String, _ records: [TrialRecord], _ entries: [(String, String, [String], [ConfigKey])],
                       facets: [ConfigKey]) throws -> [Output] {
        var md = ["## Paired comparisons (exact two-sided McNemar test)", "",
                  "Pairs: trials equal in every config key and the seed except the compared one (and the ignored ones). "
                  + "b = collapsed at the first value only, c = at the second only; p = min(1, 2 P(X ≤ min(b, c))), X ~ Bin(b + c, 1/2). "
                  + "Fractions (three decimals) with 95% Wilson intervals. `relusweep compare` computes each line."]
        var results: [CompareResult] = []
        for (label, by, conditions, ignoring) in entries {
            let (key, a, b) = try CompareQuery.parseBy(by)
            let query = try CompareQuery(key: key, first: a, second: b, metric: .collapsed, facets: facets,
                                         conditions: try conditions.map { try RecordCondition(parsing: $0) }, ignoring: ignoring)
            var comparison = PairedComparison(query: query)
            comparison.add(records)
            let r: CompareResult
            do { r = try comparison.result() } catch { md += ["", "### \(label): \(by)", "", "not computed: \(error.description)"]; continue }
            results.append(r)
            let command = "relusweep compare RESULTS --by \(by)" + facets.map { " --facet \($0.rawValue)" }.joined()
                + conditions.map { " --where '\($0)'" }.joined() + ignoring.map { " --ignore \($0.rawValue)" }.joined()
            md += ["", "### \(label): \(key.rawValue) \(AxisText.label(a)) vs \(AxisText.label(b))", "", "`\(command)`", "",
                   "| \(facets.map(\.rawValue).joined(separator: ", ")) | pairs | b | c | p | P(collapsed) at \(AxisText.label(a)) | at \(AxisText.label(b)) |",
                   "|---|---|---|---|---|---|---|"]
            func f(_ x: Double?, _ i: ClosedRange<Double>?) -> String {
                guard let x else { return "—" }
                return String(format: "%.3f", x) + (i.map { String(format: " [%.3f, %.3f]", $0.lowerBound, $0.upperBound) } ?? "")
            }
            // Four digits; "1" for p = 1 up to rounding of the tail sum.
            func p(_ v: Double) -> String { v >= 0.99995 ? "1" : (v < 1e-4 ? String(format: "%.1e", v) : String(format: "%.4f", v)) }
            for g in r.groups + [r.pooled] {
                let name = g.facet.isEmpty ? "all" : facets.map { g.facet[$0.rawValue].map(AxisText.label) ?? "?" }.joined(separator: ", ")
                md.append("| \(name) | \(g.pairs) | \(g.firstYesSecondNo) | \(g.firstNoSecondYes) | \(p(g.pValue)) | \(f(g.firstFraction, g.firstInterval)) | \(f(g.secondFraction, g.secondInterval)) |")
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return [Output(name: stem + ".md", contents: md.joined(separator: "\n") + "\n"),
                Output(name: stem + ".json", contents: String(decoding: try encoder.encode(results), as: UTF8.self) + "\n")]
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
        title: "P5: born dead vs died in training over width x depth, mlp vs resmlp, sgd vs momentum vs adam (C4)"
    ) { records, spec in
        // At init: measured against the born-dead theory (Lu et al. 2019).
        let bornDead = try BornDeadFigure(records: records)
        var out = [Output(name: "p5-born-dead.svg", contents: bornDead.svg),
                   Output(name: "p5-born-dead.md", contents: bornDead.markdown()),
                   Output(name: "p5-born-dead.json", contents: try bornDead.json())]
        // In training: collapse of the networks alive at init, and the dead fraction's change.
        let alive = try RecordCondition(parsing: "collapsedInit=false")
        let queries: [(String, PhaseQuery)] = [
            ("p5-collapsed-alive-at-init", PhaseQuery(x: "targetStd", y: "depth", facets: ["model", "optimizer", "width"], metric: .collapsed,
                                                      conditions: [alive])),
            ("p5-deadFraction-change", PhaseQuery(x: "targetStd", y: "depth", facets: ["model", "optimizer", "width"], metric: .deadFraction,
                                                  change: true)),
            ("p5-summary-collapsed-alive-at-init", PhaseQuery(x: "targetStd", y: "optimizer", facets: ["model"], metric: .collapsed,
                                                              conditions: [alive])),
            ("p5-summary-deadFraction-change", PhaseQuery(x: "targetStd", y: "optimizer", facets: ["model"], metric: .deadFraction,
                                                          change: true)),
        ]
        for (stem, query) in queries {
            let table = try PhaseAggregator(query: query).aggregate(records)
            out += [Output(name: stem + ".svg", contents: HeatmapRenderer().render(table))] + (try tables(stem, table))
        }
        out += try paired("p5-paired", records, [
            ("mlp, heavy ball vs sgd (same long-run step)", "optimizer=sgd,momentum", ["collapsedInit=false", "model=mlp"], [.lr]),
            ("resmlp, heavy ball vs sgd (same long-run step)", "optimizer=sgd,momentum", ["collapsedInit=false", "model=resmlp"], [.lr]),
            ("mlp, adam vs sgd", "optimizer=sgd,adam", ["collapsedInit=false", "model=mlp"], [.lr]),
            ("resmlp, adam vs sgd", "optimizer=sgd,adam", ["collapsedInit=false", "model=resmlp"], [.lr]),
        ], facets: [.targetStd])
        out += try paired("p5-paired-targetStd", records, [
            ("mlp, sgd", "targetStd=1,0.001", ["collapsedInit=false", "model=mlp", "optimizer=sgd"], []),
            ("mlp, heavy ball", "targetStd=1,0.001", ["collapsedInit=false", "model=mlp", "optimizer=momentum"], []),
            ("mlp, adam", "targetStd=1,0.001", ["collapsedInit=false", "model=mlp", "optimizer=adam"], []),
            ("resmlp, sgd", "targetStd=1,0.001", ["collapsedInit=false", "model=resmlp", "optimizer=sgd"], []),
            ("resmlp, heavy ball", "targetStd=1,0.001", ["collapsedInit=false", "model=resmlp", "optimizer=momentum"], []),
            ("resmlp, adam", "targetStd=1,0.001", ["collapsedInit=false", "model=resmlp", "optimizer=adam"], []),
        ], facets: [.width])
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
