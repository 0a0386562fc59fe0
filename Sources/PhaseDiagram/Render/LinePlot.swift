/// A line plot: panels (one per facet), each with series of points that may carry an interval.
/// Built from a `PhaseTable` (`PhaseTable.linePlot()`) or by hand for other figures.
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

extension PhaseTable {
    /// The table as lines: one panel per facet, one series per y value, a point per x value
    /// with trials (the metric's value and interval). Used for P1 (nmse over targetStd per
    /// optimizer) and P6 (deadFraction over step per optimizer).
    public func linePlot() -> LinePlot {
        let categorical = xScale == .categorical
        let panels = facets.indices.map { f in
            let cells = Array(self.cells(inFacet: f))
            let series = yValues.enumerated().map { yi, y in
                let points: [LinePoint] = xValues.enumerated().compactMap { xi, x in
                    let c = cells[yi * xValues.count + xi]
                    guard let v = c.fraction else { return nil }
                    let position = categorical ? Double(xi) : (x.number ?? Double(xi))
                    return LinePoint(x: position, y: v, lower: c.lower, upper: c.upper, n: c.n)
                }
                return LineSeries(name: "\(yKey)=\(y)", points: points)
            }
            return LinePanel(title: facetLabel(f), series: series)
        }
        let values = cells.flatMap { [$0.fraction, $0.lower, $0.upper] }.compactMap { $0 }.filter(\.isFinite)
        let logY = metric == .nmse && !values.isEmpty && values.allSatisfy { $0 > 0 }
            && (values.max()! / values.min()! >= 10)
        return LinePlot(
            title: "\(CellText.metricTitle(metric)) over \(xKey), by \(yKey)",
            subtitle: "points: \(metric.valueDescription); bands: the interval",
            xTitle: xKey + (xScale == .log ? " (log scale)" : ""),
            yTitle: CellText.metricTitle(metric) + (logY ? " (log scale)" : ""),
            xKind: xScale == .log ? .log : .linear,
            yKind: logY ? .log : .linear,
            yDomain: metric == .nmse ? nil : 0...1,
            xCategories: categorical ? xValues.map(\.description) : nil,
            legendTitle: yKey,
            panels: panels)
    }
}
