import Foundation
import Plot

extension PhaseTable {
    /// The table as a heatmap: a panel per facet, a cell per (x, y) coloured by the metric and
    /// labelled with its value, interval and n (`HeatmapRenderer` draws it). Fractions are
    /// coloured on [0, 1]; nMSE on a log scale spanning the table's finite medians.
    public func heatmap() -> Heatmap {
        let title = "\(CellText.title(self)) over \(xKey) × \(yKey)"
        let panels = facets.indices.map { f in
            HeatmapPanel(title: facetLabel(f), cells: cells(inFacet: f).map { cell in
                HeatmapCell(value: cell.fraction, label: CellText.heatmapLabel(cell, metric: metric), tooltip: tooltip(cell),
                            attributes: [("data-x", AxisText.label(cell.x)), ("data-y", AxisText.label(cell.y)), ("data-n", String(cell.n))]
                                + (facetKeys.isEmpty ? [] : [("data-facet", facetLabel(f))]))
            })
        }
        return Heatmap(
            title: title, subtitle: "cell: \(CellText.cellDescription(self)); n = trials; hatched = no trials",
            xAxis: HeatmapAxis(title: xKey, labels: xValues.map(AxisText.label), numbers: xValues.map(\.number), log: xScale == .log),
            yAxis: HeatmapAxis(title: yKey, labels: yValues.map(AxisText.label), numbers: yValues.map(\.number), log: yScale == .log),
            panels: panels, showsPanelTitles: !facetKeys.isEmpty, colorScale: colorScale(),
            colorBarTitle: change == true ? "change" : metric == .nmse ? "nMSE" : (metric.isProportion ? "fraction" : "dead frac."))
    }

    func tooltip(_ cell: PhaseCell) -> String {
        var s = "\(xKey)=\(AxisText.label(cell.x)), \(yKey)=\(AxisText.label(cell.y))"
        if !cell.facet.isEmpty { s += ", " + facetKeys.map { "\($0)=\(cell.facet[$0].map(AxisText.label) ?? "")" }.joined(separator: ", ") }
        s += ": " + (CellText.estimate(cell, metric: metric) ?? "no trials") + ", " + CellText.counts(cell, separator: ", ")
        if let d = cell.deadFractionMean { s += "; dead fraction \(NumberFormat.fraction(d))" }
        if let e = cell.nmseMedian { s += "; median nMSE \(NumberFormat.statistic(e))" }
        return s
    }

    /// Fractions on [0, 1]; nMSE on a log scale over whole decades spanning the finite medians
    /// (an infinite median gets the top colour).
    func colorScale() -> HeatmapColorScale {
        if change == true {
            // Changes can be negative (units revive): the domain reaches down to the lowest one.
            let lowest = cells.compactMap(\.fraction).min() ?? 0
            return HeatmapColorScale(kind: .linear, domain: min(0, (lowest * 10).rounded(.down) / 10)...1)
        }
        guard metric == .nmse else { return HeatmapColorScale(kind: .linear, domain: 0...1) }
        let values = cells.compactMap(\.fraction).filter { $0.isFinite && $0 > 0 }
        guard var lo = values.min(), var hi = values.max() else { return HeatmapColorScale(kind: .log, domain: 1e-3...1) }
        lo = pow(10, floor(log10(lo)))
        hi = pow(10, ceil(log10(hi)))
        if lo == hi { hi *= 10 }
        return HeatmapColorScale(kind: .log, domain: lo...hi)
    }
}

extension HeatmapRenderer {
    /// The heatmap of a phase table (`PhaseTable.heatmap()`).
    public func render(_ table: PhaseTable, overlay: ((HeatmapGeometry) -> [SVGElement])? = nil) -> String {
        render(table.heatmap(), overlay: overlay)
    }
}
