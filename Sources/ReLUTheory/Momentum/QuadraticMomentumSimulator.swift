/// Runs the optimizer itself (not the matrix) on the 1-D quadratic lambda/2 (theta - theta*)^2,
/// in PyTorch's update order, to check the linear-system analysis against actual iterates.
/// The state is the error e = theta - theta* and the momentum buffer v.
public struct QuadraticMomentumSimulator: Sendable {
    public let method: MomentumMethod
    public let lr: Double
    public let beta: Double
    public let curvature: Double
    public private(set) var error: Double
    public private(set) var velocity: Double

    public init(method: MomentumMethod, lr: Double, beta: Double, curvature: Double,
                initialError: Double, initialVelocity: Double = 0) {
        self.method = method
        self.lr = lr
        self.beta = beta
        self.curvature = curvature
        error = initialError
        velocity = initialVelocity
    }

    /// One optimizer step with gradient g = lambda e.
    public mutating func step() {
        let g = curvature * error
        velocity = beta * velocity + g
        switch method {
        case .heavyBall: error -= lr * velocity
        case .nesterov: error -= lr * (g + beta * velocity)
        }
    }

    /// Errors e_0 ... e_steps (the initial error first).
    public mutating func run(steps: Int) -> [Double] {
        var out = [error]
        out.reserveCapacity(steps + 1)
        for _ in 0..<steps {
            step()
            out.append(error)
        }
        return out
    }

    /// Multiplies the state by s > 0. The dynamics are linear, so this changes no sign or ratio;
    /// long runs use it to stay clear of overflow and underflow.
    public mutating func rescale(by s: Double) {
        error *= s
        velocity *= s
    }
}
