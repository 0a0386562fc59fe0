import Plot
/// File names of aggregate outputs, predictable from the query:
/// `phase-<metric>-<x>-<y>[-by-<facet>...].<md|csv|json|svg|png>` for the table and heatmap,
/// `lines-<metric>-<x>-<y>[-by-<facet>...].<svg|png>` for the line plot. `--change` appends
/// `Change` to the metric (`deadFractionChange`), each `--where` `-where-<key>-<op>-<value>`
/// (`-where-initSlope-gt-0`).
public enum PhaseOutputNames {
    public static func phaseStem(_ query: PhaseQuery) -> String { "phase-" + suffix(query) }
    public static func linesStem(_ query: PhaseQuery) -> String { "lines-" + suffix(query) }

    static func suffix(_ query: PhaseQuery) -> String {
        var s = "\(query.metric.rawValue)\(query.change ? "Change" : "")-\(query.x)-\(query.y)"
        if !query.facets.isEmpty { s += "-by-" + query.facets.joined(separator: "-") }
        for c in query.conditions { s += "-where-" + c.fileNamePart }
        return s
    }
}
