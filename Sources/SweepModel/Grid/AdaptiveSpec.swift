import ReLUCore

/// A grid's `adaptive` block (docs/grids.md, docs/adaptive.md): each cell takes seeds in
/// batches until its confidence interval for P(`metric`) is narrow enough (`halfWidth`), lies
/// wholly on one side of `level`, or `maxSeeds` is reached; with `refine`, new values are added
/// halfway between neighbouring cells where the outcome changes, up to `rounds` times.
///
/// The decisions themselves (the intervals, the stopping rule, the refinement) are the
/// AdaptiveSweep library's; this is the validated block as the grid file gives it.
public struct AdaptiveSpec: Hashable, Sendable {
    /// What each trial counts as: a yes or a no.
    public let metric: AdaptiveMetric
    /// Seeds every cell takes before its first look (`seeds.min`).
    public let minSeeds: Int
    /// Seeds after which a cell stops whatever its interval (`seeds.max`).
    public let maxSeeds: Int
    /// A cell stops once its interval's half-width is at most this (`seeds.halfWidth`).
    public let halfWidth: Double
    /// A cell stops once its interval lies wholly above or below this (optional).
    public let level: Double?
    /// Refinement of numeric axes where the outcome changes (optional).
    public let refine: Refine?

    public static let defaultMetric = AdaptiveMetric.collapsed
    public static let defaultMinSeeds = 16
    public static let defaultMaxSeeds = 400
    public static let defaultHalfWidth = 0.05
    /// The most seeds a cell may take (`seeds.max`): beyond this a cell's interval hardly
    /// narrows, and the intervals' cost grows with the square root of the seeds.
    public static let maxSeedsLimit = 10_000
    /// The confidence of every interval the sweep reports and decides on (simultaneous over a
    /// cell's looks; docs/adaptive.md).
    public static let confidence = 0.95

    /// Refinement (`adaptive.refine`): the grid's values on `axes` are round 0; each round adds
    /// the midpoints (geometric on a logarithmic axis) of neighbouring cells that disagree.
    public struct Refine: Hashable, Sendable {
        /// Numeric swept axes (real-valued, not zipped, at least two values each), in the
        /// order the file names them. The grid's other dimensions are facets, each refined on
        /// its own.
        public let axes: [ConfigKey]
        /// How many times cells may be split (0...`maxRounds`).
        public let rounds: Int
        /// Which neighbours disagree.
        public let rule: Rule

        public static let maxRounds = 8

        /// When two neighbouring cells disagree.
        public enum Rule: String, Hashable, Sendable, CaseIterable {
            /// Their settled intervals do not lie wholly on the same side of `level` (one
            /// contains it, or one is above and the other below). Needs `level`.
            case level
            /// Their fractions differ significantly: an exact McNemar test on the seeds both
            /// took (seed i of each), two-sided, at 1 - `confidence`.
            case difference
        }

        public init(axes: [ConfigKey], rounds: Int, rule: Rule) {
            self.axes = axes
            self.rounds = rounds
            self.rule = rule
        }
    }

    public init(metric: AdaptiveMetric = AdaptiveSpec.defaultMetric, minSeeds: Int = AdaptiveSpec.defaultMinSeeds,
                maxSeeds: Int = AdaptiveSpec.defaultMaxSeeds, halfWidth: Double = AdaptiveSpec.defaultHalfWidth,
                level: Double? = nil, refine: Refine? = nil) {
        self.metric = metric
        self.minSeeds = minSeeds
        self.maxSeeds = maxSeeds
        self.halfWidth = halfWidth
        self.level = level
        self.refine = refine
    }

    /// The block as the grid file's JSON form writes it (every key, defaults included).
    public var jsonText: String {
        var parts = ["\"metric\":" + CanonicalJSON.string(metric.description),
                     "\"seeds\":{\"min\":\(minSeeds),\"max\":\(maxSeeds),\"halfWidth\":\(CanonicalJSON.number(halfWidth))}"]
        if let level { parts.append("\"level\":" + CanonicalJSON.number(level)) }
        if let refine {
            let axes = refine.axes.map { CanonicalJSON.string($0.rawValue) }.joined(separator: ",")
            parts.append("\"refine\":{\"axes\":[\(axes)],\"rounds\":\(refine.rounds),\"rule\":\"\(refine.rule.rawValue)\"}")
        }
        return "{" + parts.joined(separator: ",") + "}"
    }
}
