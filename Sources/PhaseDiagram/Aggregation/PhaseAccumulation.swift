import ReLUCore
import SweepModel

/// The running state of one aggregation: records go in one at a time, from any number of
/// sources, and are merged by trial id as they arrive; the table comes out at the end. Memory is
/// O(cells + trial ids): per id a few fingerprints, per cell its sums (and its test MSEs, for
/// the median).
///
/// Merging, in the order records are read:
/// - same id, same config and same metrics (timing ignored): a duplicate, counted once;
/// - same id, one failed and one with metrics: the metrics count (a retry succeeded);
/// - same id, different config or metrics: a `TrialConflict`; the first record read is kept.
/// A record without `trialId` (`relusweep train --json`) gets the id its config has in a sweep
/// (`TrialID`), so it merges with the sweep's line for the same config.
public struct PhaseAccumulation {
    public let query: PhaseQuery
    private let pooledCandidates: [ConfigKey]
    private var cells: [PhaseCellKey: Slot] = [:]
    private var entries: [TrialKey: Entry] = [:]
    private var sources: [any ResultSource] = []
    private var totals = PhaseTotals(recordsRead: 0, trials: 0, withMetrics: 0, failed: 0, missing: nil, duplicates: 0,
                                     failuresSuperseded: 0, withoutTrace: 0, failedUnplaced: 0)
    private var conflicts: [TrialConflict] = []

    /// A cell's sums and the keys that vary inside it.
    struct Slot {
        var statistics = CellStatistics()
        /// The first trial's value of each key that may be pooled, to spot keys that vary.
        var reference: [ConfigValue]?
        var pooled: Set<String> = []
        /// Per-trial change of the metric from init to the end (only when the query asks).
        var change = FixedPointMoments()
    }

    /// What is kept per trial id: fingerprints of the record that counts, and where it was read.
    struct Entry {
        var configHash: Int
        /// Of the metrics' deterministic part; nil for a failed record.
        var metricsHash: Int?
        var source: Int32
        var location: RecordLocation
        var conflicted = false
    }

    init(query: PhaseQuery) {
        self.query = query
        pooledCandidates = ConfigKey.allCases.filter {
            let k = $0.rawValue
            return k != query.x && k != query.y && !query.facets.contains(k) && !$0.isReplicate
        }
    }

    /// Registers a source; its records are then added with `add(_:at:from:)`.
    mutating func register(_ source: any ResultSource) -> Int32 {
        sources.append(source)
        return Int32(sources.count - 1)
    }

    /// Reads every record of `source`.
    public mutating func add(_ source: any ResultSource) throws {
        let index = register(source)
        try source.forEachRecord { record, location in add(record, at: location, from: index) }
    }

    /// Adds records held in memory (their origins read `name #k`).
    public mutating func add(_ records: [TrialRecord], name: String = "records") {
        let source = InMemoryResultSource(name: name, records: records)
        let index = register(source)
        source.forEachRecord { record, location in add(record, at: location, from: index) }
    }

    mutating func add(_ record: TrialRecord, at location: RecordLocation, from source: Int32) {
        totals.recordsRead += 1
        // Conditions select trials before merging: a repeat of a trial is selected as it was.
        if !query.conditions.isEmpty {
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
        }
        let id = record.trialId ?? TrialID.of(record.config)
        let key = TrialKey(id)
        let configHash = record.config.hashValue
        let metricsHash = record.metrics.map { $0.deterministicPart.hashValue }
        guard var entry = entries[key] else {
            entries[key] = Entry(configHash: configHash, metricsHash: metricsHash, source: source, location: location)
            place(record, conflicted: false)
            return
        }
        if entry.configHash != configHash {
            conflict(id: id, entry: &entry, key: key, kind: .configDiffers, other: record, at: location, from: source)
            return
        }
        switch (entry.metricsHash, metricsHash) {
        case (nil, nil):
            totals.duplicates += 1
        case (nil, .some):
            // A retry succeeded: the failure leaves its cell, the metrics take its place.
            unplaceFailure(record.config, conflicted: entry.conflicted)
            entry.metricsHash = metricsHash
            entry.source = source
            entry.location = location
            entries[key] = entry
            totals.failuresSuperseded += 1
            place(record, conflicted: entry.conflicted)
        case (.some, nil):
            totals.failuresSuperseded += 1
        case (.some(let a), .some(let b)):
            if a == b {
                totals.duplicates += 1
            } else {
                conflict(id: id, entry: &entry, key: key, kind: .metricsDiffer, other: record, at: location, from: source)
            }
        }
    }

    /// Counts a record that is kept: its metrics in its cell(s), or a failure.
    private mutating func place(_ record: TrialRecord, conflicted: Bool) {
        let config = record.config
        totals.trials = entries.count
        let facet = query.facets.map { Self.value($0, config, step: nil) }
        guard let metrics = record.metrics else {
            totals.failed += 1
            if query.usesStep {
                totals.failedUnplaced += 1
            } else {
                let key = PhaseCellKey(x: Self.value(query.x, config, step: nil), y: Self.value(query.y, config, step: nil), facet: facet)
                cells[key, default: Slot()].statistics.failed += 1
                if conflicted { cells[key, default: Slot()].statistics.conflicts += 1 }
            }
            return
        }
        totals.withMetrics += 1
        if query.usesStep {
            guard let trace = metrics.trace, !trace.isEmpty else {
                totals.withoutTrace += 1
                return
            }
            for point in trace {
                let key = PhaseCellKey(x: Self.value(query.x, config, step: point.step),
                                       y: Self.value(query.y, config, step: point.step), facet: facet)
                cells[key, default: Slot()].statistics.add(collapsed: point.collapsed, diverged: false, dead: point.deadFraction,
                                                          deadInit: nil, nmse: point.normalizedTrainMSE ?? .infinity)
                track(config, in: key, conflicted: conflicted)
            }
        } else {
            let key = PhaseCellKey(x: Self.value(query.x, config, step: nil), y: Self.value(query.y, config, step: nil), facet: facet)
            cells[key, default: Slot()].statistics.add(metrics, nTest: config.nTest)
            if query.change {
                let d = query.metric == .collapsed
                    ? (metrics.collapsed ? 1.0 : 0) - (metrics.collapsedInit ? 1.0 : 0)
                    : metrics.deadFraction - metrics.deadFractionInit
                cells[key, default: Slot()].change.add(d)
            }
            track(config, in: key, conflicted: conflicted)
        }
    }

    /// Takes back a failure counted by `place` (a later record of the trial has metrics).
    private mutating func unplaceFailure(_ config: TrialConfig, conflicted: Bool) {
        totals.failed -= 1
        if query.usesStep {
            totals.failedUnplaced -= 1
            return
        }
        let key = PhaseCellKey(x: Self.value(query.x, config, step: nil), y: Self.value(query.y, config, step: nil),
                               facet: query.facets.map { Self.value($0, config, step: nil) })
        cells[key]?.statistics.failed -= 1
        if conflicted { cells[key]?.statistics.conflicts -= 1 }
    }

    /// Notes the keys that vary inside a cell, and a conflicted trial.
    private mutating func track(_ config: TrialConfig, in key: PhaseCellKey, conflicted: Bool) {
        let values = pooledCandidates.map { ConfigAxisValues.value($0, of: config) }
        var slot = cells[key, default: Slot()]
        if conflicted { slot.statistics.conflicts += 1 }
        if let reference = slot.reference {
            for (i, k) in pooledCandidates.enumerated() where values[i] != reference[i] { slot.pooled.insert(k.rawValue) }
        } else {
            slot.reference = values
        }
        cells[key] = slot
    }

    /// Records a conflict; the first conflict of a trial also marks its kept record's cells.
    private mutating func conflict(id: String, entry: inout Entry, key: TrialKey, kind: TrialConflict.Kind,
                                   other: TrialRecord, at location: RecordLocation, from source: Int32) {
        let keptSource = sources[Int(entry.source)]
        let kept = keptSource.record(at: entry.location)
        var differing: [String] = []
        if let kept {
            differing = kind == .configDiffers
                ? Self.differingKeys(kept.config, other.config)
                : Self.differingKeys(kept.metrics?.deterministicPart, other.metrics?.deterministicPart)
        }
        conflicts.append(TrialConflict(trialId: id, kind: kind, kept: keptSource.describe(entry.location),
                                       other: sources[Int(source)].describe(location), differingKeys: differing))
        guard !entry.conflicted else { return }
        entry.conflicted = true
        entries[key] = entry
        guard let kept else { return }
        let config = kept.config
        let facet = query.facets.map { Self.value($0, config, step: nil) }
        if let metrics = kept.metrics {
            if query.usesStep {
                for point in metrics.trace ?? [] {
                    let cell = PhaseCellKey(x: Self.value(query.x, config, step: point.step),
                                            y: Self.value(query.y, config, step: point.step), facet: facet)
                    cells[cell]?.statistics.conflicts += 1
                }
            } else {
                let cell = PhaseCellKey(x: Self.value(query.x, config, step: nil), y: Self.value(query.y, config, step: nil), facet: facet)
                cells[cell]?.statistics.conflicts += 1
            }
        } else if !query.usesStep {
            let cell = PhaseCellKey(x: Self.value(query.x, config, step: nil), y: Self.value(query.y, config, step: nil), facet: facet)
            cells[cell]?.statistics.conflicts += 1
        }
    }

    /// The table: every value seen in a record or expected, on both axes and facets.
    public func table(expected: ExpectedTrials? = nil) throws(PhaseError) -> PhaseTable {
        var stats: [PhaseCellKey: CellStatistics] = [:]
        var pooled: [PhaseCellKey: [String]] = [:]
        var changes: [PhaseCellKey: FixedPointMoments] = [:]
        for (key, slot) in cells {
            stats[key] = slot.statistics
            if query.change { changes[key] = slot.change }
            if !slot.pooled.isEmpty { pooled[key] = slot.pooled.sorted() }
        }
        var t = totals
        t.trials = entries.count
        return try PhaseTable.make(query: query, cells: stats, pooled: pooled, totals: t, conflicts: conflicts, expected: expected,
                                   changes: changes)
    }

    static func value(_ key: String, _ config: TrialConfig, step: Int?) -> ConfigValue {
        if key == ConfigAxisValues.stepKey { return .int(step ?? 0) }
        // Keys were validated against ConfigKey in PhaseQuery.validate().
        guard let k = ConfigKey(rawValue: key) else { return .string("?") }
        return ConfigAxisValues.value(k, of: config)
    }

    /// Top-level keys whose values differ between two configs or two metrics.
    static func differingKeys<T: Encodable>(_ a: T?, _ b: T?) -> [String] {
        RecordDifference.keys(a, b)
    }
}

/// A trial id as a dictionary key: 16 bytes for the usual 32 hex digits, the text otherwise.
enum TrialKey: Hashable {
    case hex(UInt64, UInt64)
    case text(String)

    init(_ id: String) {
        let u = Array(id.utf8)
        if u.count == 32, let hi = Self.parseHex(u[0..<16]), let lo = Self.parseHex(u[16..<32]) {
            self = .hex(hi, lo)
        } else {
            self = .text(id)
        }
    }

    private static func parseHex(_ digits: ArraySlice<UInt8>) -> UInt64? {
        var v: UInt64 = 0
        for c in digits {
            let d: UInt64
            switch c {
            case 48...57: d = UInt64(c - 48)
            case 97...102: d = UInt64(c - 87)
            default: return nil  // upper case and others keep their text: ids are lower-case hex
            }
            v = v << 4 | d
        }
        return v
    }
}
