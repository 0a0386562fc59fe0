/// An interval for a cell's probability of a yes.
public struct ProportionInterval: Hashable, Sendable, Codable {
    public let lower: Double
    public let upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    public var halfWidth: Double { (upper - lower) / 2 }

    /// Where the interval lies relative to `level`: wholly above, wholly below, or across it
    /// (containing it).
    public func side(of level: Double) -> LevelSide {
        if lower > level { return .above }
        if upper < level { return .below }
        return .straddles
    }

    public func contains(_ p: Double) -> Bool { lower <= p && p <= upper }
}

/// An interval's position relative to the level.
public enum LevelSide: String, Hashable, Sendable, Codable {
    case above, below, straddles
}
