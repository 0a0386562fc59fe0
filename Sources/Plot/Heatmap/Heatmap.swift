import Foundation

/// A heatmap figure, independent of what its cells measure: panels of cells over two axes, a
/// colour scale and the text of every label. `HeatmapRenderer` draws it; PhaseDiagram builds one
/// from a phase table (`PhaseTable.heatmap()`).
public struct Heatmap: Sendable {
    public var title: String
    public var subtitle: String
    public var xAxis: HeatmapAxis
    public var yAxis: HeatmapAxis
    /// One panel per facet value, in order.
    public var panels: [HeatmapPanel]
    /// Draw the panels' titles (a heatmap with facets).
    public var showsPanelTitles: Bool
    public var colorScale: HeatmapColorScale
    public var colorBarTitle: String

    public init(title: String, subtitle: String, xAxis: HeatmapAxis, yAxis: HeatmapAxis, panels: [HeatmapPanel],
                showsPanelTitles: Bool, colorScale: HeatmapColorScale, colorBarTitle: String) {
        self.title = title
        self.subtitle = subtitle
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.panels = panels
        self.showsPanelTitles = showsPanelTitles
        self.colorScale = colorScale
        self.colorBarTitle = colorBarTitle
    }
}

/// One axis of a heatmap: its title, and per value its label and, on a numeric axis, its number.
public struct HeatmapAxis: Sendable {
    public var title: String
    public var labels: [String]
    /// The values as numbers (nil for a name): cells sit on a true log scale when `log` and every
    /// value is a positive number, and overlays are placed by these.
    public var numbers: [Double?]
    public var log: Bool

    public init(title: String, labels: [String], numbers: [Double?], log: Bool) {
        self.title = title
        self.labels = labels
        self.numbers = numbers
        self.log = log
    }

    public var count: Int { labels.count }
}

/// One panel: its title and its cells ordered by y, then x (row 0 = the smallest y).
public struct HeatmapPanel: Sendable {
    public var title: String
    public var cells: [HeatmapCell]

    public init(title: String, cells: [HeatmapCell]) {
        self.title = title
        self.cells = cells
    }
}

/// One cell: the value its colour shows (nil = no data, hatched), the lines of its label, its
/// tooltip, and `data-` attributes for scripts and tests.
public struct HeatmapCell: Sendable {
    public var value: Double?
    public var label: [String]
    public var tooltip: String
    public var attributes: [(name: String, value: String)]

    public init(value: Double?, label: [String], tooltip: String, attributes: [(name: String, value: String)]) {
        self.value = value
        self.label = label
        self.tooltip = tooltip
        self.attributes = attributes
    }
}

/// How a cell value maps to [0, 1] of the colour map.
public struct HeatmapColorScale: Sendable, Hashable {
    public var kind: PlotScale.Kind
    public var domain: ClosedRange<Double>

    public init(kind: PlotScale.Kind, domain: ClosedRange<Double>) {
        self.kind = kind
        self.domain = domain
    }

    /// The position of `v` on the colour map: NaN at the bottom, +infinity at the top.
    public func t(_ v: Double) -> Double {
        if v.isNaN { return 0 }
        if v == .infinity { return 1 }
        switch kind {
        case .linear: return (v - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        case .log:
            guard v > 0 else { return 0 }
            return (log10(v) - log10(domain.lowerBound)) / (log10(domain.upperBound) - log10(domain.lowerBound))
        }
    }
}
