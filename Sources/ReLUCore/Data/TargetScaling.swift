/// The paper's knob: targets standardized to mean 0 and variance 1 on the train split, then
/// multiplied by sigma (targetStd) and shifted by targetMean. Statistics use the population
/// variance (divide by N).
public struct TargetScaling: Sendable, Equatable {
    public let rawMean: Double
    public let rawStd: Double
    public let targetStd: Double
    public let targetMean: Double

    public init(targets: [Double], targetStd: Double, targetMean: Double) {
        let n = Double(targets.count)
        var m = 0.0
        for y in targets { m += y }
        m /= n
        var v = 0.0
        for y in targets { v += (y - m) * (y - m) }
        v /= n
        rawMean = m
        // Constant targets: leave them at targetMean rather than dividing by zero.
        rawStd = v > 0 ? v.squareRoot() : 1
        self.targetStd = targetStd
        self.targetMean = targetMean
    }

    public func apply(_ y: Double) -> Double {
        (y - rawMean) / rawStd * targetStd + targetMean
    }
}
