import ReLUCore

/// The human-readable summary `relusweep train` prints by default.
struct TrainSummary {
    let config: TrialConfig
    let metrics: TrialMetrics

    var text: String {
        let m = metrics
        func num(_ x: Double?) -> String { x.map { formatNumber($0) } ?? "n/a (not finite)" }
        var lines: [String] = []
        let shape = config.model == .single ? "single" : "\(config.model.rawValue) depth \(config.depth) width \(config.width)"
        lines.append("trial: \(shape), \(config.dataset), targetStd \(formatNumber(config.targetStd)), "
            + "\(config.optimizer.rawValue) (beta \(formatNumber(config.momentum))), lr \(formatNumber(config.lr)), "
            + "\(config.steps) steps, batch \(config.batchSize == 0 ? "full" : String(config.batchSize)), seed \(config.seed)")
        lines.append("dead units:   \(m.deadUnits)/\(m.totalUnits) (fraction \(formatNumber(m.deadFraction)); at init \(formatNumber(m.deadFractionInit)))")
        lines.append("per layer:    " + m.deadFractionPerLayer.map { formatNumber($0) }.joined(separator: " "))
        lines.append("collapsed:    \(m.collapsed ? "yes" : "no")" + (m.deathStep.map { " (since step \($0))" } ?? ""))
        lines.append("norm. MSE:    train \(num(m.normalizedTrainMSE)), test \(num(m.normalizedTestMSE)) (init \(num(m.normalizedTrainMSEInit)))")
        lines.append("stopped:      \(m.stopReason.rawValue) after \(m.stepsRun) steps" + (m.skippedSteps > 0 ? ", \(m.skippedSteps) skipped" : "")
            + (m.diverged ? ", diverged at step \(m.divergenceStep.map(String.init) ?? "?")" : ""))
        lines.append("speed:        \(formatNumber(m.stepsPerSecond)) steps/s, \(formatNumber(m.wallSeconds)) s wall, \(m.parameterCount) parameters, kernels \(Kernels.active)")
        return lines.joined(separator: "\n")
    }
}

/// Short numbers for humans: 4 significant digits.
func formatNumber(_ x: Double) -> String {
    if x == 0 { return "0" }
    if x.magnitude >= 1e5 || x.magnitude < 1e-3 {
        return String(format4Exponent: x)
    }
    let digits = max(0, 3 - Int((x.magnitude).log10Floor))
    return String(x.rounded(toPlaces: digits))
}

extension Double {
    var log10Floor: Double {
        var e = 0.0
        var v = self
        while v >= 10 { v /= 10; e += 1 }
        while v < 1 { v *= 10; e -= 1 }
        return e
    }

    func rounded(toPlaces p: Int) -> Double {
        var scale = 1.0
        for _ in 0..<p { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}

extension String {
    init(format4Exponent x: Double) {
        var e = 0
        var m = x.magnitude
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        var mant = (m * 1000).rounded() / 1000
        if mant >= 10 {  // 9.9996 rounds up to 10.0: renormalize instead of printing "10.0e-7"
            mant /= 10
            e += 1
        }
        self = "\(x < 0 ? "-" : "")\(mant)e\(e)"
    }
}
