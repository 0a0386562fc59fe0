import SweepModel
import ReLUCore
/// A phase diagram's numbers: every cell of x × y for each facet, with totals and conflicts.
/// Cells are ordered facet by facet, then by y, then by x (all ascending), and the grid is full:
/// a combination without trials is an empty cell (n = 0), shown as such, never left out.
/// The JSON form of this type is the `--format json` output.
public struct PhaseTable: Hashable, Sendable, Codable {
    public var metric: PhaseMetric
    public var xKey: String
    public var yKey: String
    public var facetKeys: [String]
    public var xScale: AxisScale
    public var yScale: AxisScale
    public var xValues: [ConfigValue]
    public var yValues: [ConfigValue]
    /// One entry per panel, in order; a single empty object without facets.
    public var facets: [[String: ConfigValue]]
    public var cells: [PhaseCell]
    public var totals: PhaseTotals
    public var conflicts: [TrialConflict]
    /// Config keys (besides seeds) that vary inside at least one cell.
    public var pooledKeys: [String]
    /// How `fraction`, `lower`, `upper` are computed.
    public var interval: String
    /// The query's conditions (`initSlope>0`); nil without any.
    public var conditions: [String]?
    /// True when cells hold the change of the metric from initialization to the end; nil otherwise.
    public var change: Bool?

    /// The cells of panel `facetIndex`, ordered by y then x.
    public func cells(inFacet facetIndex: Int) -> ArraySlice<PhaseCell> {
        let size = xValues.count * yValues.count
        return cells[(facetIndex * size)..<((facetIndex + 1) * size)]
    }

    public func cell(x: ConfigValue, y: ConfigValue, facet: [String: ConfigValue] = [:]) -> PhaseCell? {
        guard let xi = xValues.firstIndex(of: x), let yi = yValues.firstIndex(of: y),
              let fi = facets.firstIndex(of: facet) else { return nil }
        return cells[fi * xValues.count * yValues.count + yi * xValues.count + xi]
    }

    /// "depth=4, optimizer=adam" (empty without facets).
    public func facetLabel(_ facetIndex: Int) -> String {
        facetKeys.map { "\($0)=\(facets[facetIndex][$0].map(AxisText.label) ?? "?")" }.joined(separator: ", ")
    }
}
