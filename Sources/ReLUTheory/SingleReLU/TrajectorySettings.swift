/// How the trajectory simulator trains: PyTorch-form optimizers on the full data set.
public struct TrajectorySettings: Hashable, Codable, Sendable {
    public var optimizer: TrajectoryOptimizer
    public var lr: Double
    /// beta of heavy ball / Nesterov, beta1 of Adam; ignored by sgd.
    public var momentum: Double
    public var steps: Int
    public var beta2: Double
    public var eps: Double
    /// Keep every this many steps in `Trajectory.points` (the last step is always kept).
    public var recordEvery: Int
    /// Train the training core's model max(0, w x + b) + c (with an output bias c starting at 0)
    /// instead of the plain max(0, w x + b) whose surface `SingleReLUSurface` describes.
    public var outputBias: Bool

    public init(optimizer: TrajectoryOptimizer, lr: Double, momentum: Double, steps: Int,
                beta2: Double = 0.999, eps: Double = 1e-8, recordEvery: Int = 1, outputBias: Bool = false) {
        self.optimizer = optimizer
        self.lr = lr
        self.momentum = momentum
        self.steps = steps
        self.beta2 = beta2
        self.eps = eps
        self.recordEvery = recordEvery
        self.outputBias = outputBias
    }

    public func validate() throws(TheoryError) {
        guard lr.isFinite, lr > 0 else { throw TheoryError(argument: "lr", "must be a finite number > 0, got \(lr)") }
        guard momentum.isFinite, momentum >= 0, momentum < 1 else {
            throw TheoryError(argument: "momentum", "must be in [0, 1), got \(momentum)")
        }
        guard steps >= 0 else { throw TheoryError(argument: "steps", "must be >= 0, got \(steps)") }
        guard beta2.isFinite, beta2 >= 0, beta2 < 1 else { throw TheoryError(argument: "beta2", "must be in [0, 1), got \(beta2)") }
        guard eps.isFinite, eps > 0 else { throw TheoryError(argument: "eps", "must be > 0, got \(eps)") }
        guard recordEvery >= 1 else { throw TheoryError(argument: "recordEvery", "must be >= 1, got \(recordEvery)") }
    }
}
