/// Places equally sized panels (one per facet) in rows of at most `columns`.
public struct PanelGrid: Hashable, Sendable {
    public var count: Int
    public var panelWidth: Double
    public var panelHeight: Double
    public var columns: Int

    public init(count: Int, panelWidth: Double, panelHeight: Double, maxColumns: Int = 3) {
        self.count = max(1, count)
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
        self.columns = min(self.count, max(1, maxColumns))
    }

    public var rows: Int { (count + columns - 1) / columns }
    public var width: Double { Double(columns) * panelWidth }
    public var height: Double { Double(rows) * panelHeight }

    /// Top-left corner of panel i.
    public func origin(_ i: Int) -> (x: Double, y: Double) {
        (Double(i % columns) * panelWidth, Double(i / columns) * panelHeight)
    }
}
