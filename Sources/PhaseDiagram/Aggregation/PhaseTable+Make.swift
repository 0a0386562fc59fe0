import ReLUCore
import SweepModel

extension PhaseTable {
    /// The full table of a query from the statistics of its cells: every x, y and facet value seen
    /// in a cell or expected, each combination a cell (an empty one where nothing is), the metric
    /// with its interval, missing trials against the expectation. The one place a table is
    /// assembled: records (`PhaseAccumulation`) and the coordinator's per-point sums both end here.
    static func make(query: PhaseQuery, cells: [PhaseCellKey: CellStatistics], pooled: [PhaseCellKey: [String]],
                     totals: PhaseTotals, conflicts: [TrialConflict], expected: ExpectedTrials?,
                     changes: [PhaseCellKey: FixedPointMoments] = [:]) throws(PhaseError) -> PhaseTable {
        var totals = totals
        var xs = Set(cells.keys.map(\.x)), ys = Set(cells.keys.map(\.y)), fs = Set(cells.keys.map(\.facet))
        let expectedCounts = expected.map { $0.counts(query: query, stepValues: query.x == ConfigAxisValues.stepKey ? xs : ys) } ?? [:]
        for key in expectedCounts.keys {
            xs.insert(key.x); ys.insert(key.y); fs.insert(key.facet)
        }
        let xValues = xs.sorted(), yValues = ys.sorted()
        let facetTuples = fs.isEmpty ? [[]] : fs.sorted { $0.lexicographicallyPrecedes($1) }
        let xScale = try scale(query.xScale, xValues, parameter: .xScale, key: query.x)
        let yScale = try scale(query.yScale, yValues, parameter: .yScale, key: query.y)

        var out: [PhaseCell] = []
        var pooledKeys: Set<String> = []
        var missingTotal = 0
        let empty = CellStatistics()
        for facet in facetTuples {
            let facetObject = Dictionary(uniqueKeysWithValues: zip(query.facets, facet))
            for y in yValues {
                for x in xValues {
                    let key = PhaseCellKey(x: x, y: y, facet: facet)
                    let stats = cells[key] ?? empty
                    let expectedCount: Int? = switch expected {
                    case nil: nil
                    case .perCell(let k): k
                    default: expectedCounts[key] ?? 0
                    }
                    let placedFailures = query.usesStep ? 0 : stats.failed
                    let missing = expectedCount.map { max(0, $0 - stats.n - placedFailures) }
                    missingTotal += missing ?? 0
                    let cellPooled = pooled[key] ?? []
                    pooledKeys.formUnion(cellPooled)
                    out.append(stats.cell(x: x, y: y, facet: facetObject, metric: query.metric,
                                          expected: expectedCount, missing: missing, pooled: cellPooled,
                                          change: query.change ? changes[key] ?? FixedPointMoments() : nil))
                }
            }
        }
        totals.missing = expected == nil ? nil : missingTotal
        return PhaseTable(
            metric: query.metric, xKey: query.x, yKey: query.y, facetKeys: query.facets,
            xScale: xScale, yScale: yScale, xValues: xValues, yValues: yValues,
            facets: facetTuples.map { Dictionary(uniqueKeysWithValues: zip(query.facets, $0)) },
            cells: out, totals: totals, conflicts: conflicts, pooledKeys: pooledKeys.sorted(),
            interval: query.change ? "95% Student-t interval of the mean per-trial change (end - init), clipped to [-1, 1]"
                : intervalDescription(query.metric),
            conditions: query.conditions.isEmpty ? nil : query.conditions.map(\.description),
            change: query.change ? true : nil)
    }

    static func scale(_ choice: AxisScaleChoice, _ values: [ConfigValue], parameter: PhaseQuery.Parameter, key: String) throws(PhaseError) -> AxisScale {
        let scale = choice.resolve(values)
        switch scale {
        case .log:
            if let bad = values.first(where: { ($0.number ?? 0) <= 0 }) {
                throw PhaseError.invalidScale(parameter, key: key,
                    reason: "cannot be drawn on a log axis: it has the value \(AxisText.label(bad)); use linear or categorical")
            }
        case .linear:
            if let bad = values.first(where: { $0.number == nil }) {
                throw PhaseError.invalidScale(parameter, key: key,
                    reason: "has the non-numeric value '\(AxisText.label(bad))'; use categorical")
            }
        case .categorical: break
        }
        return scale
    }

    static func intervalDescription(_ metric: PhaseMetric) -> String {
        switch metric {
        case .collapsed, .diverged: "95% Wilson score interval"
        case .deadFraction: "95% Student-t interval of the mean, clipped to [0, 1]"
        case .nmse: "95% distribution-free order-statistic interval of the median (n >= 6)"
        }
    }
}
