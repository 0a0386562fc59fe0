import ReLUCore

extension TrialMetrics {
    /// What is impossible in these metrics: fractions outside [0, 1], negative counts, MSEs or
    /// times, non-finite numbers (JSON cannot carry NaN; a non-finite MSE is sent as null),
    /// dead units above total units, per-layer lists of absurd length, and, when `config` is
    /// given, steps that do not add up to the config's steps. Empty = acceptable. The
    /// coordinator (through `SweepStore.record`) rejects results with problems.
    public func validationProblems(config: TrialConfig? = nil) -> [String] {
        validationProblems(expectedSteps: config?.steps)
    }

    /// As `validationProblems(config:)`, knowing only the config's `steps`.
    public func validationProblems(expectedSteps: Int?) -> [String] {
        var p: [String] = []
        func fraction(_ name: String, _ x: Double) {
            if !(x.isFinite && x >= 0 && x <= 1) { p.append("\(name): expected a fraction in [0, 1], got \(x)") }
        }
        func nonNegative(_ name: String, _ x: Double?) {
            if let x, !(x.isFinite && x >= 0) { p.append("\(name): expected a finite number >= 0, got \(x)") }
        }
        func count(_ name: String, _ x: Int?) {
            if let x, x < 0 { p.append("\(name): expected an integer >= 0, got \(x)") }
        }
        fraction("deadFraction", deadFraction)
        fraction("deadFractionInit", deadFractionInit)
        for (name, list) in [("deadFractionPerLayer", deadFractionPerLayer), ("deadFractionPerLayerInit", deadFractionPerLayerInit)] {
            if list.count > 4096 { p.append("\(name): at most 4096 entries, got \(list.count)") }
            for (i, x) in list.prefix(4096).enumerated() where !(x.isFinite && x >= 0 && x <= 1) {
                p.append("\(name)[\(i)]: expected a fraction in [0, 1], got \(x)")
                break
            }
        }
        count("deadUnits", deadUnits)
        count("totalUnits", totalUnits)
        if deadUnits >= 0, totalUnits >= 0, deadUnits > totalUnits {
            p.append("deadUnits: \(deadUnits) is more than totalUnits \(totalUnits)")
        }
        count("deathStep", deathStep)
        count("divergenceStep", divergenceStep)
        nonNegative("normalizedTrainMSE", normalizedTrainMSE)
        nonNegative("normalizedTestMSE", normalizedTestMSE)
        nonNegative("normalizedTrainMSEInit", normalizedTrainMSEInit)
        count("stepsRun", stepsRun)
        count("skippedSteps", skippedSteps)
        count("parameterCount", parameterCount)
        nonNegative("wallSeconds", wallSeconds)
        nonNegative("stepsPerSecond", stepsPerSecond)
        if let initSlope, !initSlope.isFinite { p.append("initSlope: expected a finite number, got \(initSlope)") }
        if let trace {
            if trace.count > 100_000 { p.append("trace: at most 100000 points, got \(trace.count)") }
            for (i, t) in trace.prefix(100_000).enumerated() {
                if t.step < 0 || !(t.deadFraction.isFinite && t.deadFraction >= 0 && t.deadFraction <= 1)
                    || !(t.normalizedTrainMSE.map { $0.isFinite && $0 >= 0 } ?? true) {
                    p.append("trace[\(i)]: expected step >= 0, deadFraction in [0, 1], normalizedTrainMSE >= 0")
                    break
                }
            }
        }
        if let trajectory {
            if trajectory.count > 1_000_000 { p.append("trajectory: at most 1000000 points, got \(trajectory.count)") }
            for (i, t) in trajectory.prefix(1_000_000).enumerated()
            where t.step < 0 || t.w.count > 4096 || !t.b.isFinite || !t.w.allSatisfy(\.isFinite) {
                p.append("trajectory[\(i)]: expected step >= 0 and at most 4096 finite weights and a finite bias")
                break
            }
        }
        if let steps = expectedSteps, stepsRun >= 0, skippedSteps >= 0, stepsRun + skippedSteps != steps {
            p.append("stepsRun + skippedSteps = \(stepsRun + skippedSteps), but the trial's config has steps = \(steps)")
        }
        return p
    }
}
