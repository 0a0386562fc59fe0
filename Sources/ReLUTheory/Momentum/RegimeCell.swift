/// One point (h = lr*lambda, beta) of a regime map.
public struct RegimeCell: Hashable, Codable, Sendable {
    public let stepCurvature: Double
    public let beta: Double
    /// Closed-form regime (convention of `MomentumRegime`).
    public let regime: MomentumRegime
    public let spectralRadius: Double
    /// Radians in [0, pi]; see `MomentumSystem.rotationPerStep`.
    public let rotationPerStep: Double
    /// Larger magnitude first.
    public let eigenvalues: [Eigenvalue]
    /// The regime read off simulated iterates, when the map was asked to simulate.
    public let simulated: SimulatedRegime?

    public init(method: MomentumMethod, stepCurvature h: Double, beta: Double, simulate: Bool) {
        let system = MomentumSystem(method: method, lr: 1, beta: beta, curvature: h)
        stepCurvature = h
        self.beta = beta
        regime = system.regime
        spectralRadius = system.spectralRadius
        rotationPerStep = system.rotationPerStep
        let (a, b) = system.eigenvalues
        eigenvalues = [a, b]
        simulated = simulate ? SimulatedRegime(method: method, beta: beta, stepCurvature: h) : nil
    }

    /// True unless a simulation was run, decided, and disagrees with the closed form.
    public var simulationAgrees: Bool {
        guard let s = simulated?.regime else { return true }
        return s == regime
    }
}
