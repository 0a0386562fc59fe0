/// The axes a phase diagram of a grid is drawn over by default: what `relusweep run` writes and
/// what the dashboard shows first. Kept here, next to the grid, so both choose alike.
public struct GridPhaseAxes: Hashable, Sendable, Codable {
    public var x: String
    public var y: String
    public var facets: [String]

    public init(x: String, y: String, facets: [String]) {
        self.x = x
        self.y = y
        self.facets = facets
    }
}

extension GridSpec {
    /// The grid's first two *numeric* swept dimensions (targetStd, momentum, lr, depth...) as x
    /// and y, in file order, and the other swept dimensions as facets (a zip group counts once,
    /// by its first key). With fewer than two numeric dimensions, the first two of any kind. Nil
    /// when fewer than two dimensions vary.
    public var defaultPhaseAxes: GridPhaseAxes? {
        let dims = dimensions.filter { $0.size > 1 }
        guard dims.count >= 2 else { return nil }
        func numeric(_ d: GridDimension) -> Bool {
            guard let axis = axes.first(where: { $0.key == d.keys[0] }) else { return false }
            return axis.values.allSatisfy { if case .int = $0 { true } else if case .double = $0 { true } else { false } }
        }
        let numericDims = dims.filter(numeric)
        let chosen = numericDims.count >= 2 ? Array(numericDims.prefix(2)) : Array(dims.prefix(2))
        let facets = dims.filter { d in !chosen.contains(d) }.map { $0.keys[0].rawValue }
        return GridPhaseAxes(x: chosen[0].keys[0].rawValue, y: chosen[1].keys[0].rawValue, facets: facets)
    }
}
