/// A line plot: panels (one per facet), each with series of points that may carry an interval.
/// PhaseDiagram builds one from a phase table (`PhaseTable.linePlot()`); theory figures by hand.
public struct LinePlot: Hashable, Sendable {
    public var title: String
    public var subtitle: String
    public var xTitle: String
    public var yTitle: String
    public var xKind: PlotScale.Kind
    public var yKind: PlotScale.Kind
    /// Fixed axis ranges; nil = fitted to the data.
    public var xDomain: ClosedRange<Double>?
    public var yDomain: ClosedRange<Double>?
    /// Names placed at x = 0, 1, 2, ... instead of numeric ticks (a categorical x axis).
    public var xCategories: [String]?
    public var legendTitle: String?
    public var panels: [LinePanel]

    public init(title: String, subtitle: String = "", xTitle: String, yTitle: String,
                xKind: PlotScale.Kind = .linear, yKind: PlotScale.Kind = .linear,
                xDomain: ClosedRange<Double>? = nil, yDomain: ClosedRange<Double>? = nil,
                xCategories: [String]? = nil, legendTitle: String? = nil, panels: [LinePanel]) {
        self.title = title
        self.subtitle = subtitle
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.xKind = xKind
        self.yKind = yKind
        self.xDomain = xDomain
        self.yDomain = yDomain
        self.xCategories = xCategories
        self.legendTitle = legendTitle
        self.panels = panels
    }
}

public struct LinePanel: Hashable, Sendable {
    public var title: String
    public var series: [LineSeries]

    public init(title: String, series: [LineSeries]) {
        self.title = title
        self.series = series
    }
}

public struct LineSeries: Hashable, Sendable {
    public var name: String
    public var points: [LinePoint]

    public init(name: String, points: [LinePoint]) {
        self.name = name
        self.points = points
    }
}

public struct LinePoint: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var lower: Double?
    public var upper: Double?
    public var n: Int

    public init(x: Double, y: Double, lower: Double? = nil, upper: Double? = nil, n: Int = 0) {
        self.x = x
        self.y = y
        self.lower = lower
        self.upper = upper
        self.n = n
    }
}
