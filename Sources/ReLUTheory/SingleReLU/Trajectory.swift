/// One recorded state: after `step` updates.
public struct TrajectoryPoint: Hashable, Codable, Sendable {
    public let step: Int
    public let w: Double
    public let b: Double
    /// The output bias, when the settings train one.
    public let c: Double?
    public let loss: Double
    /// (w, b) in the dead region.
    public let dead: Bool
}

/// The path of (w, b) under an optimizer, and whether and when it entered the dead region.
public struct Trajectory: Hashable, Codable, Sendable {
    public let settings: TrajectorySettings
    /// Every `settings.recordEvery` steps from step 0, plus the last step run.
    public let points: [TrajectoryPoint]
    /// First step whose (w, b) lay in the dead region.
    public let firstDeadStep: Int?
    /// The step from which (w, b) stayed in the dead region to the end (the training core's
    /// `deathStep` for a full-batch single ReLU); nil when alive at the end.
    public let deadSinceStep: Int?
    /// First step at which a parameter or the loss was not finite; the run stops there.
    public let divergenceStep: Int?
    /// Updates applied.
    public let stepsRun: Int

    /// (w, b) in the dead region after the last step (deadSinceStep != nil).
    public let deadAtEnd: Bool

    public var final: TrajectoryPoint { points[points.count - 1] }
    /// Entered the dead region and left it again at least once (momentum can carry it through).
    public let leftDeadRegion: Bool
}
