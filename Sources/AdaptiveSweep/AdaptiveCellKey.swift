/// A cell of an adaptive sweep: its facet (an assignment of the grid's dimensions that are not
/// refined, numbered in grid order) and its position on each refined axis (see `AxisLattice`:
/// grid value i is at i * 2^(rounds + 1)).
public struct AdaptiveCellKey: Hashable, Sendable, Comparable, Codable {
    public let facet: Int
    public let position: [Int]

    public init(facet: Int, position: [Int]) {
        self.facet = facet
        self.position = position
    }

    public static func < (a: AdaptiveCellKey, b: AdaptiveCellKey) -> Bool {
        if a.facet != b.facet { return a.facet < b.facet }
        return a.position.lexicographicallyPrecedes(b.position)
    }
}
