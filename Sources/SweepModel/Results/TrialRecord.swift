import Foundation
import ReLUCore

/// One trial as `relusweep train --json` prints it and as each line of `results.jsonl` holds it
/// (sweeps add `trialId`; a trial that failed for good carries `error` and no metrics).
public struct TrialRecord: Codable, Hashable, Sendable {
    public var trialId: String?
    public var config: TrialConfig
    public var metrics: TrialMetrics?
    public var error: String?

    public init(trialId: String? = nil, config: TrialConfig, metrics: TrialMetrics?, error: String? = nil) {
        self.trialId = trialId
        self.config = config
        self.metrics = metrics
        self.error = error
    }

    /// Compact JSON with sorted keys, one line.
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Parses one results.jsonl line.
    public static func parse(jsonLine: String) throws -> TrialRecord {
        try JSONDecoder().decode(TrialRecord.self, from: Data(jsonLine.utf8))
    }
}
