import Plot
import ReLUCore

/// The human-readable summary `relusweep train` prints by default.
struct TrainSummary {
    let config: TrialConfig
    let metrics: TrialMetrics

    var text: String {
        let m = metrics
        func num(_ x: Double?) -> String { x.map { NumberFormat.short($0) } ?? "n/a (not finite)" }
        var lines: [String] = []
        let shape = config.model == .single ? "single" : "\(config.model.rawValue) depth \(config.depth) width \(config.width)"
        lines.append("trial: \(shape), \(config.dataset), targetStd \(NumberFormat.short(config.targetStd)), "
            + "\(config.optimizer.rawValue) (beta \(NumberFormat.short(config.momentum))), lr \(NumberFormat.short(config.lr)), "
            + "\(config.steps) steps, batch \(config.batchSize == 0 ? "full" : String(config.batchSize)), seed \(config.seed)")
        lines.append("dead units:   \(m.deadUnits)/\(m.totalUnits) (fraction \(NumberFormat.short(m.deadFraction)); at init \(NumberFormat.short(m.deadFractionInit)))")
        lines.append("per layer:    " + m.deadFractionPerLayer.map { NumberFormat.short($0) }.joined(separator: " "))
        lines.append("collapsed:    \(m.collapsed ? "yes" : "no")" + (m.deathStep.map { " (since step \($0))" } ?? ""))
        lines.append("norm. MSE:    train \(num(m.normalizedTrainMSE)), test \(num(m.normalizedTestMSE)) (init \(num(m.normalizedTrainMSEInit)))")
        lines.append("stopped:      \(m.stopReason.rawValue) after \(m.stepsRun) steps" + (m.skippedSteps > 0 ? ", \(m.skippedSteps) skipped" : "")
            + (m.diverged ? ", diverged at step \(m.divergenceStep.map(String.init) ?? "?")" : ""))
        lines.append("speed:        \(NumberFormat.short(m.stepsPerSecond)) steps/s, \(NumberFormat.short(m.wallSeconds)) s wall, \(m.parameterCount) parameters, kernels \(Kernels.active)")
        return lines.joined(separator: "\n")
    }
}
