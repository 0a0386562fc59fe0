import ReLUCore

/// A leaf of a facet's refinement: a box of the refined axes whose corners are cells, not split
/// (yet, or ever). Together the leaves of a facet tile its range; interpolating inside them
/// gives the sweep's estimate anywhere (`AdaptiveDecision.estimate`), and those that
/// `disagree` in the last round hold the level's contour.
public struct AdaptiveBox: Hashable, Sendable {
    public enum State: String, Hashable, Sendable, Codable {
        /// Every corner settled, and they agree: never split.
        case agrees
        /// Its corners disagree, but `rounds` is reached: not split.
        case disagrees
        /// Waiting for corners to settle.
        case undecided
    }

    public let facet: Int
    /// The round whose split made it (0: a box of the grid's own values).
    public let round: Int
    /// Per refined axis (in `AdaptiveDecision.refinedAxes` order), the box's lower and upper value.
    public let lower: [Double]
    public let upper: [Double]
    /// Indices into `AdaptiveDecision.cells` of its 2^d corners: corner m is at the upper end of
    /// refined axis a when bit a of m is set.
    public let corners: [Int]
    public let state: State
}
