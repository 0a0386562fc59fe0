/// When a cell looks at its results: after `minSeeds` seeds, then each time its seeds have grown
/// by half (n + ceil(n / 2)), and last at `maxSeeds`: 16, 24, 36, 54, 81, 122, 183, 275, 400.
/// The looks are fixed before any result is known, so the union bound over them is exact: each
/// look's interval is a Clopper-Pearson interval at `alpha / looks.count`.
///
/// Geometric looks keep their number small (9 from 16 to 400) and waste at most a third of a
/// cell's seeds past the point where it could have stopped.
public struct SeedSchedule: Hashable, Sendable {
    /// Seeds at each look (cumulative, increasing, the last is `maxSeeds`).
    public let looks: [Int]
    /// The confidence of every look's interval, jointly over all looks of a cell.
    public let confidence: Double

    public init(minSeeds: Int, maxSeeds: Int, confidence: Double = 0.95) {
        precondition(minSeeds >= 1 && maxSeeds >= minSeeds, "seeds: need 1 <= min <= max")
        var looks = [minSeeds]
        while let n = looks.last, n < maxSeeds {
            looks.append(min(maxSeeds, n + (n + 1) / 2))
        }
        self.looks = looks
        self.confidence = confidence
    }

    /// The miss probability each look may spend: (1 - confidence) / looks.
    public var alphaPerLook: Double { (1 - confidence) / Double(looks.count) }

    public var lastLook: Int { looks.count - 1 }

    public var maxSeeds: Int { looks[looks.count - 1] }
}
