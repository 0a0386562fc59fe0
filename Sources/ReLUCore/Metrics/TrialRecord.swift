import Foundation

/// One trial as `relusweep train --json` prints it and as each line of `results.jsonl` holds it
/// (the sweep adds `trialId`).
public struct TrialRecord: Codable, Hashable, Sendable {
    public var trialId: String?
    public var config: TrialConfig
    public var metrics: TrialMetrics

    public init(trialId: String? = nil, config: TrialConfig, metrics: TrialMetrics) {
        self.trialId = trialId
        self.config = config
        self.metrics = metrics
    }

    /// Compact JSON with sorted keys, one line.
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
