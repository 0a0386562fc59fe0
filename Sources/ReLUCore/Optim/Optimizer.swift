/// An optimizer updates the flat parameter vector from the flat gradient, in Float, with the
/// same operation order on every machine (elementwise IEEE arithmetic, no fused operations).
public protocol Optimizer: AnyObject {
    /// One update: parameters -= f(gradients, state).
    func step(parameters: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>)
    /// True when, under zero gradients from now on, no update can change any of the first
    /// `prefix` parameters in Float arithmetic: a collapsed network is then frozen for good.
    /// (Momentum buffers never reach exactly zero: 0.9 times the smallest subnormal rounds back
    /// to it. So the test bounds the sum of all future updates instead.)
    func isFrozen(prefix: Int, parameters: UnsafePointer<Float>) -> Bool
}

public enum OptimizerFactory {
    public static func make(_ config: TrialConfig, parameterCount: Int) -> any Optimizer {
        let lr = Float(config.lr)
        let beta = Float(config.momentum)
        switch config.optimizer {
        case .sgd: return SGD(lr: lr, count: parameterCount)
        case .momentum: return Momentum(lr: lr, momentum: beta, nesterov: false, count: parameterCount)
        case .nesterov: return Momentum(lr: lr, momentum: beta, nesterov: true, count: parameterCount)
        case .adam:
            return Adam(lr: lr, beta1: beta, beta2: Float(config.beta2), eps: Float(config.eps), count: parameterCount)
        }
    }
}

/// True when, for each of the first `prefix` parameters, `bound(i)` (an upper bound on the
/// sum of all future update magnitudes) is below a quarter ulp of the parameter: each future
/// `p - u` then rounds back to `p` (a quarter, not a half, because below a power of two the
/// spacing halves).
@inline(__always)
func updatesCannotMove(prefix: Int, parameters p: UnsafePointer<Float>, bound: (Int) -> Double) -> Bool {
    for i in 0..<prefix {
        // The 1.001 covers the rounding of the update's own computation.
        if !(bound(i) * 1.001 < Double(p[i].ulp) / 4) { return false }
    }
    return true
}
