import ReLUCore
import SweepModel

extension PhaseAggregator {
    /// Whether `table(points:)` can answer this query: points are configs without the seed and
    /// without traces, so `seed` and `step` need the records themselves.
    public var answersFromPoints: Bool {
        // Per-point sums hold neither init metrics to condition on nor per-trial changes.
        query.conditions.isEmpty && !query.change && !query.usesStep && !([query.x, query.y] + query.facets).contains(ConfigKey.seed.rawValue)
    }

    /// The table from per-grid-point statistics (the coordinator's, kept with every result):
    /// each point pooled into its cell, its trials expected there. The same cells, bit for bit,
    /// as aggregating the sweep's records (`aggregate`), in time proportional to the points.
    public func table(points: [(config: TrialConfig, expected: Int, statistics: CellStatistics)]) throws(PhaseError) -> PhaseTable {
        precondition(answersFromPoints, "the query needs the records (seed or step axis)")
        let candidates = ConfigKey.allCases.filter {
            let k = $0.rawValue
            return k != query.x && k != query.y && !query.facets.contains(k) && !$0.isReplicate
        }
        var cells: [PhaseCellKey: CellStatistics] = [:]
        var expected: [PhaseCellKey: Int] = [:]
        var reference: [PhaseCellKey: [ConfigValue]] = [:]
        var pooled: [PhaseCellKey: Set<String>] = [:]
        var totals = PhaseTotals(recordsRead: 0, trials: 0, withMetrics: 0, failed: 0, missing: nil, duplicates: 0,
                                 failuresSuperseded: 0, withoutTrace: 0, failedUnplaced: 0)
        for point in points {
            let c = point.config
            let key = PhaseCellKey(x: PhaseAccumulation.value(query.x, c, step: nil), y: PhaseAccumulation.value(query.y, c, step: nil),
                                   facet: query.facets.map { PhaseAccumulation.value($0, c, step: nil) })
            expected[key, default: 0] += point.expected
            let s = point.statistics
            totals.withMetrics += s.n
            totals.failed += s.failed
            guard s.n > 0 || s.failed > 0 else { continue }
            cells[key, default: CellStatistics()].merge(s)
            // Keys that vary inside the cell, among points with metrics (as records are tracked).
            guard s.n > 0 else { continue }
            let values = candidates.map { ConfigAxisValues.value($0, of: c) }
            if let first = reference[key] {
                for (i, k) in candidates.enumerated() where values[i] != first[i] { pooled[key, default: []].insert(k.rawValue) }
            } else {
                reference[key] = values
            }
        }
        totals.recordsRead = totals.withMetrics + totals.failed
        totals.trials = totals.recordsRead
        return try PhaseTable.make(query: query, cells: cells, pooled: pooled.mapValues { $0.sorted() }, totals: totals,
                                   conflicts: [], expected: .counts(expected))
    }
}
