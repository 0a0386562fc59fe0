import Foundation
import ReLUCore
import SweepModel

/// Every cell of an adaptive sweep with its own extent (issue 14.4): the refined axes' values
/// and bounds (halfway to the neighbouring values of the cell's round, clipped at the range's
/// ends: a later round's cells lie inside earlier ones, so drawn coarse first and fine on top
/// they tile the plane), seeds, yes, failed, fraction and the interval it
/// stopped with (the union-bounded Clopper-Pearson interval the stopping rule used, valid
/// under the optional stopping). Rendered as Markdown, CSV and JSON by `relusweep run`.
public struct AdaptiveCellTable: Codable, Hashable, Sendable {
    public struct Cell: Codable, Hashable, Sendable {
        /// The values of the grid's other axes (one facet), by key.
        public var facet: [String: ConfigValue]
        /// The cell's values on the refined axes, by key.
        public var values: [String: Double]
        /// [lower, upper] of the cell's extent on each refined axis, by key.
        public var bounds: [String: [Double]]
        /// The refinement round that added the cell (0: the grid's own values).
        public var round: Int
        /// Trials with an outcome (issued minus failed minus still running).
        public var n: Int
        public var yes: Int
        public var failed: Int
        /// yes / n; nil while n = 0.
        public var fraction: Double?
        /// The cell's interval (nil while its first look is incomplete).
        public var lower: Double?
        public var upper: Double?
        /// Why the cell took no more seeds (nil: still running).
        public var stop: StopReason?
    }

    /// The adaptive block's metric, as written in the grid.
    public var metric: String
    public var level: Double?
    public var refinedAxes: [String]
    public var facetKeys: [String]
    /// "union-bounded Clopper-Pearson, 95% over the looks" and the looks.
    public var interval: String
    public var trials: Int
    public var fullGridTrials: Int
    public var finished: Bool
    /// Facet by facet, then by the refined axes' values (first axis slowest).
    public var cells: [Cell]

    public init(decision d: AdaptiveDecision, planner: AdaptivePlanner) {
        metric = planner.spec.metric.description
        level = planner.spec.level
        refinedAxes = planner.refinedAxes.map(\.rawValue)
        let facetKeys = Array(Set(planner.facets.flatMap(\.keys)).map(\.rawValue)).sorted()
        self.facetKeys = facetKeys
        let looks = planner.schedule.looks.map(String.init).joined(separator: ", ")
        interval = "\(Int((planner.schedule.confidence * 100).rounded()))% union-bounded Clopper-Pearson over the looks at \(looks) seeds"
        trials = d.trialCount
        fullGridTrials = d.fullGridTrials
        finished = d.isFinished
        let keys = planner.refinedAxes
        cells = d.cells.map { c in
            let facet = Dictionary(uniqueKeysWithValues: (d.facets.indices.contains(c.key.facet) ? d.facets[c.key.facet] : [:]).map { ($0.key.rawValue, $0.value) })
            return Cell(facet: facet,
                        values: Dictionary(uniqueKeysWithValues: keys.map { ($0.rawValue, c.config[$0].number ?? .nan) }),
                        bounds: Dictionary(uniqueKeysWithValues: keys.compactMap { k in c.bounds[k].map { (k.rawValue, [$0.lowerBound, $0.upperBound]) } }),
                        round: c.round, n: c.tally.observed, yes: c.tally.successes, failed: c.tally.failures, fraction: c.tally.fraction,
                        lower: c.tally.interval?.lower, upper: c.tally.interval?.upper, stop: c.tally.stop)
        }.sorted { a, b in
            let fa = facetKeys.map { a.facet[$0]?.text ?? "" }, fb = facetKeys.map { b.facet[$0]?.text ?? "" }
            if fa != fb { return fa.lexicographicallyPrecedes(fb) }
            return keys.map { a.values[$0.rawValue] ?? 0 }.lexicographicallyPrecedes(keys.map { b.values[$0.rawValue] ?? 0 })
        }
    }

    /// The columns: facet keys, each refined axis's value and bounds, then the counts.
    var header: [String] {
        facetKeys + refinedAxes.flatMap { [$0, "\($0)Lower", "\($0)Upper"] } + ["round", "n", "yes", "failed", "fraction", "lower", "upper", "stop"]
    }

    func row(_ c: Cell) -> [String] {
        func num(_ x: Double?) -> String { x.map(CanonicalJSON.number) ?? "" }
        return facetKeys.map { c.facet[$0]?.text ?? "" }
            + refinedAxes.flatMap { [num(c.values[$0]), num(c.bounds[$0]?.first), num(c.bounds[$0]?.last)] }
            + ["\(c.round)", "\(c.n)", "\(c.yes)", "\(c.failed)", num(c.fraction), num(c.lower), num(c.upper), c.stop?.rawValue ?? ""]
    }

    /// One line per cell; numbers as in the grid's JSON (shortest round-trip form).
    public func csv() -> String {
        ([header] + cells.map(row)).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    public func markdown() -> String {
        var out = "## Adaptive cells: P(\(metric))" + (level.map { " against the level \(CanonicalJSON.number($0))" } ?? "") + "\n\n"
        out += "\(cells.count) cells, \(trials) trials (the full grid at max seeds: \(fullGridTrials))"
            + (finished ? "" : "; not finished") + ". Interval: \(interval). Bounds: the cell's extent on each refined axis.\n\n"
        out += "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---|", count: header.count) + "\n"
        for c in cells { out += "| " + row(c).joined(separator: " | ") + " |\n" }
        return out
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
