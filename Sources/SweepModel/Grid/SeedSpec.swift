/// Replicates per grid cell. Each replicate writes its seed into the config's `seed`, so
/// replicates are distinct trials (distinct ids) and adding seeds adds only the new ones.
public enum SeedSpec: Hashable, Sendable {
    /// No `seeds` key: one trial per cell, `seed` from base/axes or the config default.
    case none
    /// `seeds: N`: seeds 0..<N.
    case count(Int)
    /// `seeds: [3, 7, 11]` (or a `range(...)`): exactly these seeds.
    case list([Int])

    /// The seeds in the order they run; nil for `.none`.
    public var seeds: [Int]? {
        switch self {
        case .none: nil
        case .count(let n): Array(0..<n)
        case .list(let l): l
        }
    }

    /// Trials per grid cell.
    public var replicates: Int {
        switch self {
        case .none: 1
        case .count(let n): n
        case .list(let l): l.count
        }
    }
}
