import PhaseDiagram
import Plot
import Foundation

/// Predicted P(dead) next to the measured value, cell by cell: the table that goes with the P2
/// overlay in docs/results.md. The measured value is the mean dead fraction for a
/// `deadFraction` table, else the collapsed fraction (for a single ReLU with its output bias a
/// dead unit is a collapsed network), each with its 95% interval.
public struct PredictionComparison: Hashable, Codable, Sendable {
    public struct Row: Hashable, Codable, Sendable {
        public let targetStd: Double
        public let momentum: Double
        public let predicted: Double
        public let measured: Double?
        public let lower: Double?
        public let upper: Double?
        public let n: Int
        /// Whether the prediction lies inside the measured interval (nil without one).
        public let withinInterval: Bool?

        enum CodingKeys: String, CodingKey {
            case targetStd, momentum, predicted, measured, lower, upper, n, withinInterval
        }

        /// Every key is always present (absent values are null), as in the phase table's JSON.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(targetStd, forKey: .targetStd)
            try c.encode(momentum, forKey: .momentum)
            try c.encode(predicted, forKey: .predicted)
            try c.encode(measured, forKey: .measured)
            try c.encode(lower, forKey: .lower)
            try c.encode(upper, forKey: .upper)
            try c.encode(n, forKey: .n)
            try c.encode(withinInterval, forKey: .withinInterval)
        }
    }

    /// "deadFraction" or "collapsed".
    public let measuredMetric: String
    public let settings: DeathPredictionGrid.Settings
    /// Ordered by momentum, then targetStd.
    public let rows: [Row]

    public init(table: PhaseTable, prediction: DeathPredictionGrid) throws(TheoryFigureError) {
        let transposed = try DeathPredictionGrid.axes(of: table).transposed
        let dead = table.metric == .deadFraction
        measuredMetric = dead ? "deadFraction" : "collapsed"
        settings = prediction.settings
        var rows: [Row] = []
        for cell in table.cells {
            guard let x = cell.x.number, let y = cell.y.number else { continue }
            let (sigma, beta) = transposed ? (y, x) : (x, y)
            guard let p = prediction.probability(targetStd: sigma, momentum: beta) else { continue }
            let measured = dead ? cell.deadFractionMean : cell.collapsedFraction
            let lower = dead ? cell.deadFractionLower : cell.collapsedLower
            let upper = dead ? cell.deadFractionUpper : cell.collapsedUpper
            let within: Bool? = (lower != nil && upper != nil) ? (p >= lower! - 1e-12 && p <= upper! + 1e-12) : nil
            rows.append(Row(targetStd: sigma, momentum: beta, predicted: p, measured: measured, lower: lower, upper: upper,
                            n: cell.n, withinInterval: within))
        }
        self.rows = rows.sorted { ($0.momentum, $0.targetStd) < ($1.momentum, $1.targetStd) }
    }

    /// Cells with a measured interval, and how many of them contain the prediction.
    public var summary: (compared: Int, within: Int, meanAbsoluteDifference: Double?) {
        let compared = rows.filter { $0.withinInterval != nil }
        let diffs = rows.compactMap { r in r.measured.map { abs($0 - r.predicted) } }
        return (compared.count, compared.filter { $0.withinInterval == true }.count,
                diffs.isEmpty ? nil : diffs.reduce(0, +) / Double(diffs.count))
    }

    public func markdown() -> String {
        let s = settings
        var lines = [
            "Predicted P(dead) (theory: \(s.optimizer), lr \(NumberFormat.axis(s.lr)), \(s.steps) full-batch steps, "
                + "\(s.quantiles) He-init quantiles, \(s.dataset) n \(s.nTrain), data seed \(s.dataSeed)) "
                + "vs measured \(measuredMetric) [95% interval].",
            "",
            "| targetStd | momentum | predicted | measured [95% interval] | n | inside |",
            "|---:|---:|---:|---|---:|:---:|",
        ]
        for r in rows {
            let measured = r.measured.map { m in
                NumberFormat.fraction(m) + ((r.lower != nil && r.upper != nil)
                    ? " [\(NumberFormat.fraction(r.lower!)), \(NumberFormat.fraction(r.upper!))]" : "")
            } ?? "no trials"
            let inside = r.withinInterval.map { $0 ? "yes" : "no" } ?? "–"
            lines.append("| \(NumberFormat.axis(r.targetStd)) | \(NumberFormat.axis(r.momentum)) | \(NumberFormat.fraction(r.predicted)) | "
                         + "\(measured) | \(r.n) | \(inside) |")
        }
        let sum = summary
        lines.append("")
        lines.append("Prediction inside the measured interval in \(sum.within) of \(sum.compared) cells"
                     + (sum.meanAbsoluteDifference.map { "; mean |predicted − measured| = \(NumberFormat.statistic($0))" } ?? "") + ".")
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
