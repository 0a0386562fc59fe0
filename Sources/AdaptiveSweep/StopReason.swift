/// Why a cell took no more seeds.
public enum StopReason: String, Hashable, Sendable, Codable, CaseIterable {
    /// Its interval lies wholly above the level.
    case aboveLevel
    /// Its interval lies wholly below the level.
    case belowLevel
    /// Its interval's half-width is at most `halfWidth`.
    case halfWidth
    /// It took `maxSeeds` seeds.
    case maxSeeds
}
