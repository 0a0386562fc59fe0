import Plot
/// The phase table in Markdown: one table per facet, rows = y values, columns = x values, each
/// cell "fraction [lower, upper] n=…" with failed, missing and conflicting trials shown; then
/// totals, pooled keys and every conflict.
public enum MarkdownPhaseRenderer {
    public static func render(_ table: PhaseTable) -> String {
        var lines: [String] = []
        lines.append("## \(CellText.title(table)) over \(table.xKey) × \(table.yKey)")
        lines.append("")
        lines.append("Cell: \(CellText.cellDescription(table)), n = trials with metrics\(table.xKey == ConfigAxisValues.stepKey || table.yKey == ConfigAxisValues.stepKey ? " (step = training step of metrics.trace)" : ""). — = no trials.")
        for f in table.facets.indices {
            lines.append("")
            if !table.facetKeys.isEmpty {
                lines.append("### \(table.facetLabel(f))")
                lines.append("")
            }
            let header = ["\(escape(table.yKey)) \\ \(escape(table.xKey))"] + table.xValues.map { escape(AxisText.label($0)) }
            lines.append("| " + header.joined(separator: " | ") + " |")
            lines.append("|" + Array(repeating: "---", count: header.count).joined(separator: "|") + "|")
            let cells = Array(table.cells(inFacet: f))
            for (yi, y) in table.yValues.enumerated() {
                var row = [escape(AxisText.label(y))]
                for xi in table.xValues.indices {
                    row.append(escape(text(cells[yi * table.xValues.count + xi], metric: table.metric)))
                }
                lines.append("| " + row.joined(separator: " | ") + " |")
            }
        }
        lines.append("")
        lines.append(summary(table))
        if !table.pooledKeys.isEmpty {
            lines.append("")
            lines.append("Pooled: cells mix trials that differ in \(table.pooledKeys.joined(separator: ", ")) (add them as --facet to separate).")
        }
        if !table.conflicts.isEmpty {
            lines.append("")
            lines.append("Conflicts (the first record read is used):")
            for c in table.conflicts { lines.append("- " + escape(c.description)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One cell's text; "—" for a cell with nothing to say.
    static func text(_ cell: PhaseCell, metric: PhaseMetric) -> String {
        guard let estimate = CellText.estimate(cell, metric: metric) else {
            if cell.failed == 0 && (cell.missing ?? 0) == 0 && cell.conflicts == 0 { return "—" }
            return CellText.counts(cell)
        }
        return estimate + " " + CellText.counts(cell)
    }

    /// The totals line: records, trials, duplicates, failed, missing, conflicts.
    public static func summary(_ table: PhaseTable) -> String {
        let t = table.totals
        var parts = ["\(t.recordsRead) records read", "\(t.trials) distinct trials"]
        if t.duplicates > 0 { parts.append("\(t.duplicates) duplicates counted once") }
        parts.append("\(t.withMetrics) with metrics")
        parts.append("\(t.failed) failed")
        if t.failuresSuperseded > 0 { parts.append("\(t.failuresSuperseded) failed records superseded by metrics") }
        parts.append(t.missing.map { "\($0) missing" } ?? "missing unknown (no expected counts given)")
        if t.withoutTrace > 0 { parts.append("\(t.withoutTrace) without trace (not placed on the step axis)") }
        if t.failedUnplaced > 0 { parts.append("\(t.failedUnplaced) failed not placed (no step)") }
        if t.excludedByCondition > 0 { parts.append("\(t.excludedByCondition) left out by the conditions") }
        if t.conditionUnreadable > 0 { parts.append("\(t.conditionUnreadable) without a value to test the conditions on") }
        parts.append("\(table.conflicts.count) conflict\(table.conflicts.count == 1 ? "" : "s")")
        return "Totals: " + parts.joined(separator: ", ") + "."
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
