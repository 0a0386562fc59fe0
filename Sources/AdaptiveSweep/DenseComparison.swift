import ReLUCore

/// Issue 14.5's accuracy criteria: an adaptive sweep's estimate (`AdaptiveDecision.estimate`,
/// interpolated between its leaves' corners) at every cell of a dense reference, against the
/// dense fraction: within `tolerance` (0.1) in what share of the cells, and on the same side of
/// the level in what share of those farther than `margin` (0.05) from it.
public struct DenseComparison: Codable, Hashable, Sendable {
    /// Dense cells compared (those inside the adaptive grid's range, with an estimate).
    public var cells = 0
    /// Dense cells outside the adaptive sweep's range or without an estimate.
    public var skipped = 0
    public var within = 0
    /// Dense cells whose fraction is farther than `margin` from the level.
    public var sideChecked = 0
    public var sameSide = 0
    public var tolerance: Double
    public var level: Double
    public var margin: Double

    public var withinShare: Double { cells > 0 ? Double(within) / Double(cells) : 0 }
    public var sameSideShare: Double { sideChecked > 0 ? Double(sameSide) / Double(sideChecked) : 0 }

    /// `dense`: each dense cell's refined-axis values and its fraction; `facet`: the adaptive
    /// facet the dense cells belong to.
    public init(decision: AdaptiveDecision, facet: Int = 0, dense: [(values: [ConfigKey: Double], fraction: Double)],
                level: Double, tolerance: Double = 0.1, margin: Double = 0.05) {
        self.tolerance = tolerance
        self.level = level
        self.margin = margin
        for cell in dense {
            guard let estimate = decision.estimate(facet: facet, at: cell.values) else {
                skipped += 1
                continue
            }
            cells += 1
            if abs(estimate - cell.fraction) <= tolerance { within += 1 }
            if abs(cell.fraction - level) > margin {
                sideChecked += 1
                if (estimate > level) == (cell.fraction > level) { sameSide += 1 }
            }
        }
    }
}
