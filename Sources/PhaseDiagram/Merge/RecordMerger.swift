import Foundation
import ReLUCore
import SweepModel

/// Merges records from several sources (or repeated within one): a trial id counts once.
/// - same id, same config and same metrics (timing ignored): a duplicate, counted once;
/// - same id, one failed and one with metrics: the metrics are kept (a retry succeeded);
/// - same id, different config or metrics: a `TrialConflict`; the first record read is kept.
public struct RecordMerger: Sendable {
    public init() {}

    public func merge(_ records: [SourcedRecord]) -> MergedRecords {
        var result = MergedRecords()
        var index: [String: Int] = [:]
        var conflictedIds: Set<String> = []
        for sourced in records {
            result.recordsRead += 1
            let record = sourced.record
            // A record without an id (`relusweep train --json`) gets the id its config has in a sweep.
            let id = record.trialId ?? TrialID.of(record.config)
            guard let i = index[id] else {
                index[id] = result.entries.count
                result.entries.append(MergedRecord(id: id, record: record, origin: sourced.origin))
                continue
            }
            let kept = result.entries[i]
            if kept.record.config != record.config {
                result.conflicts.append(TrialConflict(
                    trialId: id, kind: .configDiffers, kept: kept.origin, other: sourced.origin,
                    differingKeys: Self.differingKeys(kept.record.config, record.config)))
                conflictedIds.insert(id)
                continue
            }
            switch (kept.record.metrics, record.metrics) {
            case (nil, nil):
                result.duplicates += 1
            case (nil, .some):
                result.entries[i].record = record
                result.entries[i].origin = sourced.origin
                result.failuresSuperseded += 1
            case (.some, nil):
                result.failuresSuperseded += 1
            case (.some(let a), .some(let b)):
                if a.deterministicPart == b.deterministicPart {
                    result.duplicates += 1
                } else {
                    result.conflicts.append(TrialConflict(
                        trialId: id, kind: .metricsDiffer, kept: kept.origin, other: sourced.origin,
                        differingKeys: Self.differingKeys(a.deterministicPart, b.deterministicPart)))
                    conflictedIds.insert(id)
                }
            }
        }
        for i in result.entries.indices where conflictedIds.contains(result.entries[i].id) {
            result.entries[i].conflicted = true
        }
        return result
    }

    /// Loads every source in order and merges them.
    public func merge(_ sources: [any ResultSource]) throws(ResultSourceError) -> MergedRecords {
        var all: [SourcedRecord] = []
        for source in sources { all += try source.load() }
        return merge(all)
    }

    /// Top-level JSON keys whose values differ between two encodable values.
    static func differingKeys<T: Encodable>(_ a: T, _ b: T) -> [String] {
        func object(_ value: T) -> [String: Any] {
            let encoder = JSONEncoder()
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            guard let data = try? encoder.encode(value),
                  let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
            return json
        }
        // Compare each value by its canonical JSON bytes (portable: no NSObject equality).
        func canonical(_ value: Any) -> Data? {
            try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys])
        }
        let x = object(a)
        let y = object(b)
        return Set(x.keys).union(y.keys).sorted().filter { key in
            switch (x[key], y[key]) {
            case (nil, nil): false
            case (let u?, let v?): canonical(u) != canonical(v)
            default: true
            }
        }
    }
}
