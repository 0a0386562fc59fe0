/// Where an adaptive sweep (issue 14) stands, as the coordinator's planner last decided it:
/// part of `SweepStatus` for sweeps whose grid has an `adaptive` block.
public struct AdaptiveProgress: Codable, Hashable, Sendable {
    /// The finest refinement round any cell belongs to so far (0: the grid's own values).
    public var round: Int
    /// The grid's refine.rounds (0 without refine).
    public var rounds: Int
    /// Cells so far (grid points of every round, every facet).
    public var cells: Int
    /// Trials the planner has issued so far.
    public var trials: Int
    /// The most trials the sweep can still end with, given what is settled.
    public var mostTrials: Int
    /// Every value refinement could add, at max seeds: the dense grid the sweep stands for.
    public var fullGridTrials: Int
    /// The planner is done (every cell settled).
    public var finished: Bool

    public init(round: Int, rounds: Int, cells: Int, trials: Int, mostTrials: Int, fullGridTrials: Int, finished: Bool) {
        self.round = round
        self.rounds = rounds
        self.cells = cells
        self.trials = trials
        self.mostTrials = mostTrials
        self.fullGridTrials = fullGridTrials
        self.finished = finished
    }
}
