import SweepModel
import Plot
import ReLUCore

/// Groups trials into the cells of a phase diagram and computes each cell's statistics.
/// Pure and synchronous: the CLI, `relusweep figures` and the coordinator's live phase route
/// all call `aggregate` on the records they have.
public struct PhaseAggregator: Sendable {
    public let query: PhaseQuery

    public init(query: PhaseQuery) throws(PhaseError) {
        try query.validate()
        self.query = query
    }

    /// Aggregates records that may repeat trials (merged first, with the fallback id function).
    public func aggregate(_ records: [TrialRecord], expected: ExpectedTrials? = nil) throws(PhaseError) -> PhaseTable {
        try aggregate(RecordMerger().merge(InMemoryResultSource(name: "records", records: records).loadUnchecked()),
                      expected: expected)
    }

    public func aggregate(_ merged: MergedRecords, expected: ExpectedTrials? = nil) throws(PhaseError) -> PhaseTable {
        let xKey = query.x, yKey = query.y
        let pooledCandidates = ConfigKey.allCases.filter {
            let k = $0.rawValue
            return k != xKey && k != yKey && !query.facets.contains(k) && !$0.isReplicate
        }
        var cells: [PhaseCellKey: CellAccumulator] = [:]
        var totals = PhaseTotals(recordsRead: merged.recordsRead, trials: merged.entries.count, withMetrics: 0,
                                 failed: 0, missing: nil, duplicates: merged.duplicates,
                                 failuresSuperseded: merged.failuresSuperseded, withoutTrace: 0, failedUnplaced: 0)

        for entry in merged.entries {
            let config = entry.record.config
            let facet = query.facets.map { Self.value($0, config, step: nil) }
            guard let metrics = entry.record.metrics else {
                totals.failed += 1
                if query.usesStep {
                    totals.failedUnplaced += 1
                } else {
                    let key = PhaseCellKey(x: Self.value(xKey, config, step: nil), y: Self.value(yKey, config, step: nil), facet: facet)
                    cells[key, default: CellAccumulator()].failed += 1
                    if entry.conflicted { cells[key, default: CellAccumulator()].conflicts += 1 }
                }
                continue
            }
            totals.withMetrics += 1
            if query.usesStep {
                guard let trace = metrics.trace, !trace.isEmpty else {
                    totals.withoutTrace += 1
                    continue
                }
                for point in trace {
                    let key = PhaseCellKey(x: Self.value(xKey, config, step: point.step),
                                           y: Self.value(yKey, config, step: point.step), facet: facet)
                    cells[key, default: CellAccumulator()].add(
                        collapsed: point.collapsed, diverged: false, dead: point.deadFraction, deadInit: nil,
                        nmse: point.normalizedTrainMSE ?? .infinity,
                        conflicted: entry.conflicted, config: config, pooledKeys: pooledCandidates)
                }
            } else {
                let key = PhaseCellKey(x: Self.value(xKey, config, step: nil), y: Self.value(yKey, config, step: nil), facet: facet)
                // No test split (nTest = 0) means no test MSE; otherwise nil means not finite.
                let nmse: Double? = config.nTest == 0 ? nil : (metrics.normalizedTestMSE ?? .infinity)
                cells[key, default: CellAccumulator()].add(
                    collapsed: metrics.collapsed, diverged: metrics.diverged, dead: metrics.deadFraction,
                    deadInit: metrics.deadFractionInit, nmse: nmse,
                    conflicted: entry.conflicted, config: config, pooledKeys: pooledCandidates)
            }
        }

        // Axes and panels: every value seen in a record or expected.
        var xs = Set(cells.keys.map(\.x)), ys = Set(cells.keys.map(\.y)), fs = Set(cells.keys.map(\.facet))
        var expectedCounts: [PhaseCellKey: Int] = [:]
        switch expected {
        case nil, .perCell: break
        case .counts(let counts): expectedCounts = counts
        case .configs(let configs):
            for config in configs {
                let facet = query.facets.map { Self.value($0, config, step: nil) }
                if query.usesStep {
                    // Each expected trial should reach every traced step of its row.
                    let stepIsX = xKey == ConfigAxisValues.stepKey
                    let other = Self.value(stepIsX ? yKey : xKey, config, step: nil)
                    for step in (stepIsX ? xs : ys) {
                        let key = stepIsX ? PhaseCellKey(x: step, y: other, facet: facet) : PhaseCellKey(x: other, y: step, facet: facet)
                        expectedCounts[key, default: 0] += 1
                    }
                } else {
                    let key = PhaseCellKey(x: Self.value(xKey, config, step: nil), y: Self.value(yKey, config, step: nil), facet: facet)
                    expectedCounts[key, default: 0] += 1
                }
            }
        }
        for key in expectedCounts.keys {
            xs.insert(key.x); ys.insert(key.y); fs.insert(key.facet)
        }
        let xValues = xs.sorted(), yValues = ys.sorted()
        let facetTuples = fs.isEmpty ? [[]] : fs.sorted { $0.lexicographicallyPrecedes($1) }
        let xScale = try Self.scale(query.xScale, xValues, parameter: .xScale, key: xKey)
        let yScale = try Self.scale(query.yScale, yValues, parameter: .yScale, key: yKey)

        var out: [PhaseCell] = []
        var pooledKeys: Set<String> = []
        var missingTotal = 0
        for facet in facetTuples {
            let facetObject = Dictionary(uniqueKeysWithValues: zip(query.facets, facet))
            for y in yValues {
                for x in xValues {
                    let key = PhaseCellKey(x: x, y: y, facet: facet)
                    let acc = cells[key] ?? CellAccumulator()
                    let expectedCount: Int? = switch expected {
                    case nil: nil
                    case .perCell(let k): k
                    case .counts, .configs: expectedCounts[key] ?? 0
                    }
                    let placedFailures = query.usesStep ? 0 : acc.failed
                    let missing = expectedCount.map { max(0, $0 - acc.n - placedFailures) }
                    missingTotal += missing ?? 0
                    pooledKeys.formUnion(acc.pooled)
                    out.append(acc.cell(x: x, y: y, facet: facetObject, metric: query.metric,
                                        expected: expectedCount, missing: missing))
                }
            }
        }
        totals.missing = expected == nil ? nil : missingTotal
        return PhaseTable(
            metric: query.metric, xKey: xKey, yKey: yKey, facetKeys: query.facets,
            xScale: xScale, yScale: yScale, xValues: xValues, yValues: yValues,
            facets: facetTuples.map { Dictionary(uniqueKeysWithValues: zip(query.facets, $0)) },
            cells: out, totals: totals, conflicts: merged.conflicts, pooledKeys: pooledKeys.sorted(),
            interval: Self.intervalDescription(query.metric))
    }

    /// Config keys with more than one value among the trials, with their number of distinct
    /// values (sorted by key order): what an axis or facet could be. Errors about an unknown key
    /// list these.
    public static func varyingKeys(_ merged: MergedRecords) -> [(key: String, values: Int)] {
        ConfigKey.allCases.compactMap { key in
            let values = Set(merged.entries.map { ConfigAxisValues.value(key, of: $0.record.config) })
            return values.count > 1 ? (key.rawValue, values.count) : nil
        }
    }

    static func value(_ key: String, _ config: TrialConfig, step: Int?) -> ConfigValue {
        if key == ConfigAxisValues.stepKey { return .int(step ?? 0) }
        // Keys were validated against TrialConfig.keys in PhaseQuery.validate().
        guard let k = ConfigKey(rawValue: key) else { return .string("?") }
        return ConfigAxisValues.value(k, of: config)
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

extension InMemoryResultSource {
    /// In-memory sources cannot fail to load.
    func loadUnchecked() -> [SourcedRecord] {
        records.enumerated().map { SourcedRecord(record: $1, origin: "\(name) #\($0 + 1)") }
    }
}
