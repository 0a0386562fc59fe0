/// Identifies a cell: its x and y values and its facet values (in the query's facet order).
public struct PhaseCellKey: Hashable, Sendable {
    public var x: AxisValue
    public var y: AxisValue
    public var facet: [AxisValue]

    public init(x: AxisValue, y: AxisValue, facet: [AxisValue] = []) {
        self.x = x
        self.y = y
        self.facet = facet
    }
}
