import Plot

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
                return LineSeries(name: "\(yKey)=\(AxisText.label(y))", points: points)
            }
            return LinePanel(title: facetLabel(f), series: series)
        }
        let values = cells.flatMap { [$0.fraction, $0.lower, $0.upper] }.compactMap { $0 }.filter(\.isFinite)
        let logY = metric == .nmse && !values.isEmpty && values.allSatisfy { $0 > 0 }
            && (values.max()! / values.min()! >= 10)
        return LinePlot(
            title: "\(CellText.title(self)) over \(xKey), by \(yKey)",
            subtitle: "points: \(CellText.cellDescription(self)); bands: the interval",
            xTitle: xKey + (xScale == .log ? " (log scale)" : ""),
            yTitle: CellText.title(self) + (logY ? " (log scale)" : ""),
            xKind: xScale == .log ? .log : .linear,
            yKind: logY ? .log : .linear,
            yDomain: metric == .nmse || change == true ? nil : 0...1,
            xCategories: categorical ? xValues.map(AxisText.label) : nil,
            legendTitle: yKey,
            panels: panels)
    }
}
