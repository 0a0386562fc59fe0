import Plot
/// The phase table as CSV, one row per cell (long form, for pandas or R): facet columns, the x
/// and y columns (named by their keys), then the statistics with the same names as the JSON
/// keys. Empty field = no value; numbers at full precision; `inf` for an infinite nMSE.
public enum CSVPhaseRenderer {
    public static let statisticColumns = [
        "metric", "n", "failed", "missing", "expected", "conflicts", "fraction", "lower", "upper",
        "collapsed", "collapsedFraction", "collapsedLower", "collapsedUpper", "diverged",
        "deadFractionMean", "deadFractionLower", "deadFractionUpper", "deadFractionInitMean",
        "nmseMedian", "nmseLower", "nmseUpper", "nmseCount", "pooled",
    ]

    public static func header(_ table: PhaseTable) -> [String] {
        table.facetKeys + [table.xKey, table.yKey] + statisticColumns
    }

    public static func render(_ table: PhaseTable) -> String {
        var lines = [header(table).map(quote).joined(separator: ",")]
        for c in table.cells {
            func num(_ x: Double?) -> String { x.map { $0.isFinite ? "\($0)" : NumberFormat.statistic($0) } ?? "" }
            func int(_ x: Int?) -> String { x.map(String.init) ?? "" }
            var fields = table.facetKeys.map { c.facet[$0].map(AxisText.label) ?? "" }
            fields += [AxisText.label(c.x), AxisText.label(c.y), table.metric.rawValue, String(c.n), String(c.failed),
                       int(c.missing), int(c.expected), String(c.conflicts), num(c.fraction), num(c.lower), num(c.upper),
                       String(c.collapsed), num(c.collapsedFraction), num(c.collapsedLower), num(c.collapsedUpper),
                       String(c.diverged), num(c.deadFractionMean), num(c.deadFractionLower), num(c.deadFractionUpper),
                       num(c.deadFractionInitMean), num(c.nmseMedian), num(c.nmseLower), num(c.nmseUpper),
                       String(c.nmseCount), c.pooled.joined(separator: ";")]
            lines.append(fields.map(quote).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
