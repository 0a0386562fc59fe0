import SweepModel
import ReLUCore
/// Identifies a cell: its x and y values and its facet values (in the query's facet order).
public struct PhaseCellKey: Hashable, Sendable {
    public var x: ConfigValue
    public var y: ConfigValue
    public var facet: [ConfigValue]

    public init(x: ConfigValue, y: ConfigValue, facet: [ConfigValue] = []) {
        self.x = x
        self.y = y
        self.facet = facet
    }
}
