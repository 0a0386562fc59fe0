/// An optimizer updates the flat parameter vector from the flat gradient, in Float, with the
/// same operation order on every machine (elementwise IEEE arithmetic, no fused operations).
public protocol Optimizer: AnyObject {
    /// One update: parameters -= f(gradients, state).
    func step(parameters: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>)
    /// True when the first `prefix` parameters will not move again under zero gradients
    /// (no velocity or first moment left): a collapsed network is then frozen for good.
    func isAtRest(prefix: Int) -> Bool
}

public enum OptimizerFactory {
    public static func make(_ config: TrialConfig, parameterCount: Int) -> any Optimizer {
        let lr = Float(config.lr)
        let beta = Float(config.momentum)
        switch config.optimizer {
        case .sgd: return SGD(lr: lr, count: parameterCount)
        case .momentum: return HeavyBall(lr: lr, momentum: beta, count: parameterCount)
        case .nesterov: return Nesterov(lr: lr, momentum: beta, count: parameterCount)
        case .adam:
            return Adam(lr: lr, beta1: beta, beta2: Float(config.beta2), eps: Float(config.eps), count: parameterCount)
        }
    }
}

/// True when the first `prefix` entries of `buffer` are all exactly zero.
func allZero(_ buffer: FloatBuffer, prefix: Int) -> Bool {
    let p = buffer.pointer
    for i in 0..<min(prefix, buffer.count) where p[i] != 0 { return false }
    return true
}
