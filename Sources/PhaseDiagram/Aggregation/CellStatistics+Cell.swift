import ReLUCore
import SweepModel

extension CellStatistics {
    /// The table cell: the metric's value and interval, and the other statistics.
    func cell(x: ConfigValue, y: ConfigValue, facet: [String: ConfigValue], metric: PhaseMetric,
              expected: Int?, missing: Int?, pooled: [String], change: FixedPointMoments? = nil) -> PhaseCell {
        let collapsedEstimate = ProportionEstimate(successes: collapsed, trials: n)
        let divergedEstimate = ProportionEstimate(successes: diverged, trials: n)
        let deadEstimate = MeanEstimate(dead, bounds: 0...1)
        let nmseEstimate = MedianEstimate(nmse)
        let changeEstimate = change.map { MeanEstimate($0, bounds: -1...1) }
        let main: (Double?, ClosedRange<Double>?) = if let changeEstimate { (changeEstimate.mean, changeEstimate.interval) } else {
            switch metric {
            case .collapsed: (collapsedEstimate.fraction, collapsedEstimate.interval)
            case .diverged: (divergedEstimate.fraction, divergedEstimate.interval)
            case .deadFraction: (deadEstimate.mean, deadEstimate.interval)
            case .nmse: (nmseEstimate.median, nmseEstimate.interval)
            }
        }
        return PhaseCell(
            x: x, y: y, facet: facet, n: n, failed: failed, missing: missing, expected: expected, conflicts: conflicts,
            fraction: main.0, lower: main.1?.lowerBound, upper: main.1?.upperBound,
            collapsed: collapsed, collapsedFraction: collapsedEstimate.fraction,
            collapsedLower: collapsedEstimate.interval?.lowerBound, collapsedUpper: collapsedEstimate.interval?.upperBound,
            diverged: diverged,
            deadFractionMean: deadEstimate.mean, deadFractionLower: deadEstimate.interval?.lowerBound,
            deadFractionUpper: deadEstimate.interval?.upperBound,
            deadFractionInitMean: deadInit.mean,
            nmseMedian: nmseEstimate.median, nmseLower: nmseEstimate.interval?.lowerBound,
            nmseUpper: nmseEstimate.interval?.upperBound, nmseCount: nmseEstimate.count,
            pooled: pooled)
    }
}
