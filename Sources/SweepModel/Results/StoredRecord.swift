import Foundation
import ReLUCore

/// A finished trial as the store keeps it: its canonical config and metrics JSON, not decoded.
/// Exports write results.jsonl lines straight from it; CSV and readers decode it.
public struct StoredRecord: Sendable {
    public var trialId: String
    /// `CanonicalJSON.config`.
    public var config: String
    /// `MetricsJSON.encode`; nil for a failed trial.
    public var metrics: String?
    /// What failed, for a trial failed for good.
    public var error: String?

    public init(trialId: String, config: String, metrics: String?, error: String?) {
        self.trialId = trialId
        self.config = config
        self.metrics = metrics
        self.error = error
    }

    /// The results.jsonl line: `{"config":…,"error":…,"metrics":…,"trialId":…}` with sorted keys,
    /// the stored JSON copied as it is (canonical numbers), without a trailing newline.
    public func appendJSONLine(to out: inout String) {
        out.append("{\"config\":")
        out.append(config)
        if let error {
            out.append(",\"error\":")
            CanonicalJSON.appendString(error, to: &out)
        }
        if let metrics {
            out.append(",\"metrics\":")
            out.append(metrics)
        }
        out.append(",\"trialId\":")
        CanonicalJSON.appendString(trialId, to: &out)
        out.append("}")
    }

    /// Decoded (fast readers first, Foundation's as the fallback).
    public func record() throws -> TrialRecord {
        let c = try CanonicalJSON.decodeConfig(config) ?? JSONDecoder().decode(TrialConfig.self, from: Data(config.utf8))
        let m = try metrics.map { try MetricsJSON.decode($0) ?? JSONDecoder().decode(TrialMetrics.self, from: Data($0.utf8)) }
        return TrialRecord(trialId: trialId, config: c, metrics: m, error: error)
    }
}
