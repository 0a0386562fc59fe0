import Plot
/// How a cell's numbers are spelled in tables and labels, shared by all renderers.
public enum CellText {
    /// The metric's value: two decimals for fractions, two significant digits for nMSE.
    public static func value(_ x: Double, metric: PhaseMetric) -> String {
        metric == .nmse ? NumberFormat.statistic(x) : NumberFormat.fraction(x)
    }

    /// "0.83 [0.75, 0.89]" (or "0.50" without an interval); nil for an empty cell.
    public static func estimate(_ cell: PhaseCell, metric: PhaseMetric, compact: Bool = false) -> String? {
        guard let f = cell.fraction else { return nil }
        var s = value(f, metric: metric)
        if let lo = cell.lower, let hi = cell.upper {
            s += " [" + value(lo, metric: metric) + (compact ? "," : ", ") + value(hi, metric: metric) + "]"
        }
        return s
    }

    /// "n=200", then failed, missing and conflicting counts when there are any.
    public static func counts(_ cell: PhaseCell, separator: String = "; ") -> String {
        var parts = ["n=\(cell.n)"]
        if cell.failed > 0 { parts.append("\(cell.failed) failed") }
        if let m = cell.missing, m > 0 { parts.append("\(m) missing") }
        if cell.conflicts > 0 { parts.append("\(cell.conflicts) conflict\(cell.conflicts == 1 ? "" : "s")") }
        return parts.joined(separator: separator)
    }

    /// What a table says about the metric: "P(collapsed)", "mean deadFraction", "median nMSE".
    public static func metricTitle(_ metric: PhaseMetric) -> String {
        switch metric {
        case .collapsed: "P(collapsed)"
        case .diverged: "P(diverged)"
        case .deadFraction: "mean dead-unit fraction"
        case .nmse: "median normalized MSE"
        }
    }

    /// The table's title for its metric, with a change and conditions:
    /// "P(collapsed | initSlope>0)", "mean change in dead-unit fraction (end − init)".
    public static func title(_ table: PhaseTable) -> String {
        var s = table.change == true
            ? (table.metric == .collapsed ? "mean change in collapsed (end − init)" : "mean change in dead-unit fraction (end − init)")
            : metricTitle(table.metric)
        if let conditions = table.conditions, !conditions.isEmpty {
            let given = conditions.joined(separator: ", ")
            if table.change != true, s.hasSuffix(")") {
                s = String(s.dropLast()) + " | " + given + ")"
            } else {
                s += " | " + given
            }
        }
        return s
    }

    /// What a cell's value is, for the line under a table and figure subtitles.
    public static func cellDescription(_ table: PhaseTable) -> String {
        var s = table.change == true
            ? "mean over trials of \(table.metric.rawValue) at the end minus at initialization [95% t interval]"
            : table.metric.valueDescription
        if let conditions = table.conditions, !conditions.isEmpty {
            s += ", over trials with " + conditions.joined(separator: " and ")
        }
        return s
    }

    /// The label lines of a heatmap cell: estimate and interval, then counts; for a cell
    /// without trials, what is failed or missing.
    public static func heatmapLabel(_ cell: PhaseCell, metric: PhaseMetric) -> [String] {
        if let estimate = estimate(cell, metric: metric, compact: true) {
            return [estimate, counts(cell, separator: " ")]
        }
        var lines: [String] = []
        if cell.failed > 0 { lines.append("\(cell.failed) failed") }
        if let m = cell.missing, m > 0 { lines.append("\(m) missing") }
        return lines.isEmpty ? ["no data"] : lines
    }
}
