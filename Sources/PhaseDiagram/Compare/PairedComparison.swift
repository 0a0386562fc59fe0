import ReLUCore
import SweepModel

/// Pairs trials for `relusweep compare`: records stream in (from any number of sources), each
/// trial at one of the query's two values goes into the slot its other config keys and seed
/// name, and the result is the paired counts with exact McNemar tests. Memory is O(trials).
/// A trial read twice counts once (the first record read; a repeat with another outcome is
/// counted as a conflict).
public struct PairedComparison {
    public let query: CompareQuery
    private let otherKeys: [ConfigKey]
    private let facetPositions: [Int]
    private var slots: [[ConfigValue]: Slot] = [:]
    private var presentValues: Set<ConfigValue> = []
    private var sideValues: [[Set<ConfigValue>]]
    public private(set) var totals = CompareTotals()

    struct Slot {
        var first: Bool?
        var second: Bool?
    }

    public init(query: CompareQuery) {
        self.query = query
        let others = ConfigKey.allCases.filter { $0 != query.key && !query.ignoring.contains($0) }
        otherKeys = others
        facetPositions = query.facets.map { f in others.firstIndex(of: f)! }
        sideValues = Array(repeating: Array(repeating: [], count: others.count), count: 2)
    }

    /// Reads every record of `source`.
    public mutating func add(_ source: any ResultSource) throws {
        try source.forEachRecord { record, _ in add(record) }
    }

    public mutating func add(_ records: [TrialRecord]) {
        for r in records { add(r) }
    }

    public mutating func add(_ record: TrialRecord) {
        totals.recordsRead += 1
        let value = record.config[query.key]
        if presentValues.count < 1000 { presentValues.insert(value) }
        let side: Int
        if value == query.first { side = 0 } else if value == query.second { side = 1 } else {
            totals.otherValues += 1
            return
        }
        guard let metrics = record.metrics else {
            totals.failed += 1
            return
        }
        switch RecordCondition.evaluate(query.conditions, record) {
        case nil:
            totals.conditionUnreadable += 1
            return
        case false?:
            totals.excludedByCondition += 1
            return
        case true?:
            break
        }
        let key = otherKeys.map { record.config[$0] }
        for (i, v) in key.enumerated() where sideValues[side][i].count < 100 { sideValues[side][i].insert(v) }
        let outcome = query.metric.outcome(metrics)
        var slot = slots[key] ?? Slot()
        let existing = side == 0 ? slot.first : slot.second
        if let existing {
            if existing == outcome { totals.duplicates += 1 } else { totals.conflicts += 1 }
            return
        }
        if side == 0 {
            slot.first = outcome
            totals.firstTrials += 1
        } else {
            slot.second = outcome
            totals.secondTrials += 1
        }
        slots[key] = slot
    }

    /// The pooled counts and one per facet group (groups in ascending order of their values).
    public func result() throws(CompareError) -> CompareResult {
        let name = query.key.rawValue
        for v in [query.first, query.second] where !presentValues.contains(v) {
            throw .valueNotPresent(key: name, value: v, present: Array(presentValues))
        }
        var pooled = Counts()
        var groups: [[ConfigValue]: Counts] = [:]
        for (key, slot) in slots {
            guard let a = slot.first, let b = slot.second else { continue }
            pooled.add(a, b)
            if !facetPositions.isEmpty { groups[facetPositions.map { key[$0] }, default: Counts()].add(a, b) }
        }
        guard pooled.pairs > 0 else {
            let differing = otherKeys.enumerated().compactMap { i, k in
                sideValues[0][i] != sideValues[1][i] ? k.rawValue : nil
            }
            throw .noPairs(key: name, first: query.first, second: query.second, firstTrials: totals.firstTrials,
                           secondTrials: totals.secondTrials, differing: differing)
        }
        var t = totals
        t.unpaired = t.firstTrials + t.secondTrials - 2 * pooled.pairs
        let facetNames = query.facets.map(\.rawValue)
        let groupCounts = groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { values in
            groups[values]!.paired(facet: Dictionary(uniqueKeysWithValues: zip(facetNames, values)))
        }
        return CompareResult(key: name, first: query.first, second: query.second, metric: query.metric,
                             conditions: query.conditions.map(\.description), ignoring: query.ignoring.map(\.rawValue), facetKeys: facetNames,
                             pooled: pooled.paired(facet: [:]), groups: groupCounts, totals: t)
    }

    struct Counts {
        var yy = 0, yn = 0, ny = 0, nn = 0
        var pairs: Int { yy + yn + ny + nn }

        mutating func add(_ a: Bool, _ b: Bool) {
            switch (a, b) {
            case (true, true): yy += 1
            case (true, false): yn += 1
            case (false, true): ny += 1
            case (false, false): nn += 1
            }
        }

        func paired(facet: [String: ConfigValue]) -> PairedCounts {
            PairedCounts(facet: facet, bothYes: yy, b: yn, c: ny, bothNo: nn)
        }
    }
}

/// What was read and what was left out of the pairs.
public struct CompareTotals: Hashable, Sendable, Codable {
    public var recordsRead = 0
    /// Trials (counted once) at the first and at the second value that entered the pairing.
    public var firstTrials = 0
    public var secondTrials = 0
    /// Of those, trials whose partner is absent.
    public var unpaired = 0
    /// Records at neither value of the compared key.
    public var otherValues = 0
    /// Records without metrics (failed trials).
    public var failed = 0
    /// Records a condition left out, and records it could not be read on (e.g. no initSlope).
    public var excludedByCondition = 0
    public var conditionUnreadable = 0
    /// Repeats of a trial with the same outcome, and with another outcome (the first one counts).
    public var duplicates = 0
    public var conflicts = 0

    public init() {}
}

/// `relusweep compare`'s answer (its `--json` form).
public struct CompareResult: Hashable, Sendable, Codable {
    public var key: String
    public var first: ConfigValue
    public var second: ConfigValue
    public var metric: PairedMetric
    public var conditions: [String]
    public var ignoring: [String]
    public var facetKeys: [String]
    public var pooled: PairedCounts
    public var groups: [PairedCounts]
    public var totals: CompareTotals
}
