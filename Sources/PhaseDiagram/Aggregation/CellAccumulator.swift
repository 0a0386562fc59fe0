import SweepModel
import ReLUCore

/// The running sums of one cell while records are read.
struct CellAccumulator {
    var n = 0
    var failed = 0
    var conflicts = 0
    var collapsed = 0
    var diverged = 0
    var dead: [Double] = []
    var deadInit: [Double] = []
    var nmse: [Double] = []
    /// The first trial's value of each key that may be pooled, to spot keys that vary.
    var reference: [ConfigValue]? = nil
    var pooled: Set<String> = []

    mutating func add(collapsed isCollapsed: Bool, diverged isDiverged: Bool, dead d: Double, deadInit: Double?,
                      nmse e: Double?, conflicted: Bool, config: TrialConfig, pooledKeys: [ConfigKey]) {
        n += 1
        if isCollapsed { collapsed += 1 }
        if isDiverged { diverged += 1 }
        if conflicted { conflicts += 1 }
        dead.append(d)
        if let deadInit { self.deadInit.append(deadInit) }
        if let e { nmse.append(e) }
        let values = pooledKeys.map { ConfigAxisValues.value($0, of: config) }
        if let reference {
            for (i, key) in pooledKeys.enumerated() where values[i] != reference[i] { pooled.insert(key.rawValue) }
        } else {
            reference = values
        }
    }

    func cell(x: ConfigValue, y: ConfigValue, facet: [String: ConfigValue], metric: PhaseMetric,
              expected: Int?, missing: Int?) -> PhaseCell {
        let collapsedEstimate = ProportionEstimate(successes: collapsed, trials: n)
        let deadEstimate = MeanEstimate(dead, bounds: 0...1)
        let nmseEstimate = MedianEstimate(nmse)
        let main: (Double?, ClosedRange<Double>?) = switch metric {
        case .collapsed: (collapsedEstimate.fraction, collapsedEstimate.interval)
        case .diverged:
            (ProportionEstimate(successes: diverged, trials: n).fraction, ProportionEstimate(successes: diverged, trials: n).interval)
        case .deadFraction: (deadEstimate.mean, deadEstimate.interval)
        case .nmse: (nmseEstimate.median, nmseEstimate.interval)
        }
        return PhaseCell(
            x: x, y: y, facet: facet, n: n, failed: failed, missing: missing, expected: expected, conflicts: conflicts,
            fraction: main.0, lower: main.1?.lowerBound, upper: main.1?.upperBound,
            collapsed: collapsed, collapsedFraction: collapsedEstimate.fraction,
            collapsedLower: collapsedEstimate.interval?.lowerBound, collapsedUpper: collapsedEstimate.interval?.upperBound,
            diverged: diverged,
            deadFractionMean: deadEstimate.mean, deadFractionLower: deadEstimate.interval?.lowerBound,
            deadFractionUpper: deadEstimate.interval?.upperBound,
            deadFractionInitMean: MeanEstimate(deadInit).mean,
            nmseMedian: nmseEstimate.median, nmseLower: nmseEstimate.interval?.lowerBound,
            nmseUpper: nmseEstimate.interval?.upperBound, nmseCount: nmseEstimate.count,
            pooled: pooled.sorted())
    }
}
