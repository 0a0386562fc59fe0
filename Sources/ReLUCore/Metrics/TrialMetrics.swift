/// What one trial measured. JSON keys are an interface (results.jsonl, the HTTP API, the
/// aggregator): extend, never rename.
public struct TrialMetrics: Codable, Hashable, Sendable {
    /// Why training ended.
    public enum StopReason: String, Codable, Sendable {
        /// All `steps` ran.
        case completed
        /// Early stop: collapsed and frozen (only with `earlyStop`); see `skippedSteps`.
        case collapsed
        /// The loss or parameters became NaN/inf.
        case diverged
    }

    /// Fraction of hidden ReLUs dead on the train inputs at the end (pre-activation <= 0 for
    /// every train input).
    public var deadFraction: Double
    public var deadFractionInit: Double
    /// Per hidden layer (mlp), per block (resmlp), or the single unit.
    public var deadFractionPerLayer: [Double]
    public var deadFractionPerLayerInit: [Double]
    public var deadUnits: Int
    public var totalUnits: Int
    /// The output is constant over the train inputs (the network has collapsed).
    public var collapsed: Bool
    public var collapsedInit: Bool
    /// First probed step from which the network stayed collapsed to the end; nil if it did not.
    public var deathStep: Int?
    /// Train and test MSE divided by targetStd^2 (1.0 = predicting the mean); nil if not finite.
    public var normalizedTrainMSE: Double?
    public var normalizedTestMSE: Double?
    public var normalizedTrainMSEInit: Double?
    public var diverged: Bool
    /// Step at which the loss first became non-finite.
    public var divergenceStep: Int?
    public var stopReason: StopReason
    public var stepsRun: Int
    /// Steps not run because of an early stop (collapsed and frozen, or diverged).
    public var skippedSteps: Int
    public var parameterCount: Int
    public var wallSeconds: Double
    public var stepsPerSecond: Double
    /// The single unit's input weight w0 at initialization, when the model is one unit (`single`,
    /// `neuron`) on 1-D inputs; nil otherwise and in records written before it existed. Its sign
    /// says whether the unit starts with the slope of relu1d's teacher (P2 by init sign).
    public var initSlope: Double?
    /// Present when the config asked for `trace`.
    public var trace: [TracePoint]?
    /// Present when the config asked for `trajectoryEvery` (models single and neuron).
    public var trajectory: [TrajectoryPoint]?

    public init(deadFraction: Double, deadFractionInit: Double, deadFractionPerLayer: [Double], deadFractionPerLayerInit: [Double],
                deadUnits: Int, totalUnits: Int, collapsed: Bool, collapsedInit: Bool, deathStep: Int?,
                normalizedTrainMSE: Double?, normalizedTestMSE: Double?, normalizedTrainMSEInit: Double?, diverged: Bool,
                divergenceStep: Int?, stopReason: StopReason, stepsRun: Int, skippedSteps: Int, parameterCount: Int,
                wallSeconds: Double, stepsPerSecond: Double, trace: [TracePoint]?, trajectory: [TrajectoryPoint]?,
                initSlope: Double? = nil) {
        self.deadFraction = deadFraction
        self.deadFractionInit = deadFractionInit
        self.deadFractionPerLayer = deadFractionPerLayer
        self.deadFractionPerLayerInit = deadFractionPerLayerInit
        self.deadUnits = deadUnits
        self.totalUnits = totalUnits
        self.collapsed = collapsed
        self.collapsedInit = collapsedInit
        self.deathStep = deathStep
        self.normalizedTrainMSE = normalizedTrainMSE
        self.normalizedTestMSE = normalizedTestMSE
        self.normalizedTrainMSEInit = normalizedTrainMSEInit
        self.diverged = diverged
        self.divergenceStep = divergenceStep
        self.stopReason = stopReason
        self.stepsRun = stepsRun
        self.skippedSteps = skippedSteps
        self.parameterCount = parameterCount
        self.wallSeconds = wallSeconds
        self.stepsPerSecond = stepsPerSecond
        self.trace = trace
        self.trajectory = trajectory
        self.initSlope = initSlope
    }

    /// The metrics without the timing fields, which are the only ones that vary between two
    /// runs of the same config.
    public var deterministicPart: TrialMetrics {
        var m = self
        m.wallSeconds = 0
        m.stepsPerSecond = 0
        return m
    }
}

/// A probe during training.
public struct TracePoint: Codable, Hashable, Sendable {
    public var step: Int
    public var deadFraction: Double
    public var collapsed: Bool
    public var normalizedTrainMSE: Double?

    public init(step: Int, deadFraction: Double, collapsed: Bool, normalizedTrainMSE: Double?) {
        self.step = step
        self.deadFraction = deadFraction
        self.collapsed = collapsed
        self.normalizedTrainMSE = normalizedTrainMSE
    }
}

/// (w, b) of a single ReLU at one step.
public struct TrajectoryPoint: Codable, Hashable, Sendable {
    public var step: Int
    public var w: [Double]
    public var b: Double

    public init(step: Int, w: [Double], b: Double) {
        self.step = step
        self.w = w
        self.b = b
    }
}
