/// Two records with the same trial id that disagree. The aggregator keeps the first one read
/// (sources in the order given) and lists the conflict; it never drops one silently.
public struct TrialConflict: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Same id, same config, different metrics (timing ignored): a non-deterministic core,
        /// a changed core version, or a corrupted file.
        case metricsDiffer
        /// Same id, different configs: ids from different id schemes or a hash collision.
        case configDiffers
    }

    public var trialId: String
    public var kind: Kind
    /// Where the record that was kept came from.
    public var kept: String
    /// Where the disagreeing record came from.
    public var other: String
    /// The keys that differ ("collapsed, deadFraction").
    public var differingKeys: [String]

    public init(trialId: String, kind: Kind, kept: String, other: String, differingKeys: [String]) {
        self.trialId = trialId
        self.kind = kind
        self.kept = kept
        self.other = other
        self.differingKeys = differingKeys
    }

    public var description: String {
        let what = kind == .metricsDiffer ? "metrics differ" : "configs differ"
        return "trial \(trialId): \(what) in \(differingKeys.joined(separator: ", ")); kept \(kept), other \(other)"
    }
}
