import SweepModel
import PhaseDiagram
import Plot
import ReLUCore

/// One function per paper figure over trial records, for `relusweep figures` (P3 and P4 need no
/// records: `RegimeMapFigure().render()`, `SingleReLUFigure.render()`). Records may repeat trials
/// (merged by id); pass `expected` to show missing trials.
public enum PaperFigures {
    /// P1: median normalized test MSE over targetStd, one line per optimizer, log-log axes, the
    /// median's 95% order-statistic interval as a band (needs n >= 6 per point).
    public static func targetVariance(_ records: [TrialRecord], facets: [String] = [],
                                      expected: ExpectedTrials? = nil) throws(PaperFigureError) -> LineFigure {
        let table = try aggregate(records, PhaseQuery(x: "targetStd", y: "optimizer", facets: facets, metric: .nmse), expected: expected)
        var plot = table.linePlot()
        plot.title = "Normalized test MSE over the target scale, by optimizer"
        plot.subtitle = "median over seeds of test MSE / targetStd² (1 = predicting the mean); band: 95% order-statistic interval (n ≥ 6)"
        plot.xTitle = "targetStd (log scale)"
        let values = plot.panels.flatMap { $0.series.flatMap { $0.points.flatMap { [$0.y, $0.lower, $0.upper].compactMap { $0 } } } }
            .filter(\.isFinite)
        // Log-log whenever the values allow it (a zero MSE does not).
        if !values.isEmpty, values.allSatisfy({ $0 > 0 }) { plot.yKind = .log }
        plot.yTitle = "normalized test MSE" + (plot.yKind == .log ? " (log scale)" : "")
        plot.legendTitle = "optimizer"
        rename(&plot, names: optimizerNames(records))
        return LineFigure(table: table, plot: plot, svg: LinePlotRenderer().render(plot))
    }

    /// P6: mean dead-unit fraction over the training step (from `metrics.trace`; train with
    /// trace on), one line per optimizer, its 95% t interval as a band.
    public static func deadOverTime(_ records: [TrialRecord], facets: [String] = [],
                                    expected: ExpectedTrials? = nil) throws(PaperFigureError) -> LineFigure {
        let table = try aggregate(records, PhaseQuery(x: "step", y: "optimizer", facets: facets, metric: .deadFraction), expected: expected)
        guard table.cells.contains(where: { $0.n > 0 }) else {
            throw .noData("P6 needs metrics.trace: none of the \(table.totals.withMetrics) trials with metrics has one; train with trace on (--trace)")
        }
        var plot = table.linePlot()
        plot.title = "Dead-unit fraction during training, by optimizer"
        plot.subtitle = "mean over seeds of the fraction of dead ReLUs at each traced step; band: 95% t interval"
        plot.xTitle = "training step"
        plot.yTitle = "dead-unit fraction"
        plot.legendTitle = "optimizer"
        rename(&plot, names: optimizerNames(records))
        return LineFigure(table: table, plot: plot, svg: LinePlotRenderer().render(plot))
    }

    /// P2: P(dead) (collapsed fraction, or mean dead fraction) of the single ReLU over targetStd
    /// x momentum. With `theory` (the grid's base config: single, relu1d, full batch) the
    /// predicted P(dead) = `level` boundary is drawn over it (see `DeathBoundaryOverlay` for why
    /// 0.75) and compared cell by cell.
    public static func singleReLUDeath(_ records: [TrialRecord], metric: PhaseMetric = .collapsed,
                                       expected: ExpectedTrials? = nil, theory: TrialConfig? = nil,
                                       quantiles: Int = 32, level: Double = 0.75) throws(PaperFigureError) -> HeatmapFigure {
        let table = try aggregate(records, PhaseQuery(x: "targetStd", y: "momentum", metric: metric), expected: expected)
        guard let theory else { return HeatmapFigure(table: table, svg: HeatmapRenderer().render(table), prediction: nil, comparison: nil) }
        do {
            let prediction = try DeathPredictionGrid(table: table, base: theory, quantiles: quantiles)
            let overlay = try DeathBoundaryOverlay(prediction: prediction, table: table, level: level)
            return HeatmapFigure(table: table, svg: HeatmapRenderer().render(table, overlay: overlay.elements),
                                 prediction: prediction, comparison: try PredictionComparison(table: table, prediction: prediction))
        } catch {
            throw .theory(error)
        }
    }

    /// P5: collapsed fraction (or mean dead fraction) over targetStd x depth, one panel per
    /// facet value (default: model and optimizer, for mlp/resmlp with momentum/adam).
    public static func depth(_ records: [TrialRecord], metric: PhaseMetric = .collapsed, facets: [String] = ["model", "optimizer"],
                             expected: ExpectedTrials? = nil) throws(PaperFigureError) -> HeatmapFigure {
        let table = try aggregate(records, PhaseQuery(x: "targetStd", y: "depth", facets: facets, metric: metric), expected: expected)
        return HeatmapFigure(table: table, svg: HeatmapRenderer().render(table), prediction: nil, comparison: nil)
    }

    static func aggregate(_ records: [TrialRecord], _ query: PhaseQuery, expected: ExpectedTrials?) throws(PaperFigureError) -> PhaseTable {
        do {
            return try PhaseAggregator(query: query).aggregate(records, expected: expected)
        } catch {
            throw .phase(error)
        }
    }

    /// Legend names of the optimizers: "sgd", "momentum β=0.9", "adam β1=0.9" when every trial of
    /// that optimizer has one momentum; the bare name otherwise.
    static func optimizerNames(_ records: [TrialRecord]) -> [String: String] {
        var momenta: [OptimizerKind: Set<Double>] = [:]
        for r in records { momenta[r.config.optimizer, default: []].insert(r.config.momentum) }
        var names: [String: String] = [:]
        for (optimizer, betas) in momenta {
            let key = "optimizer=\(optimizer.rawValue)"
            guard optimizer != .sgd, betas.count == 1, let beta = betas.first else { names[key] = optimizer.rawValue; continue }
            names[key] = "\(optimizer.rawValue) \(optimizer == .adam ? "β1" : "β")=\(NumberFormat.axis(beta))"
        }
        return names
    }

    static func rename(_ plot: inout LinePlot, names: [String: String]) {
        for p in plot.panels.indices {
            for s in plot.panels[p].series.indices {
                if let name = names[plot.panels[p].series[s].name] { plot.panels[p].series[s].name = name }
            }
        }
    }
}
