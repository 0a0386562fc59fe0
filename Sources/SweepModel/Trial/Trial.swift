import ReLUCore

/// One resolved trial of a grid: its config, the canonical JSON of that config (what the id
/// hashes and what the store keeps) and the id.
public struct Trial: Hashable, Sendable {
    public let id: String
    public let config: TrialConfig
    /// `CanonicalJSON.config(config)`; decodes back to `config` with JSONDecoder.
    public let canonicalConfig: String

    public init(config: TrialConfig) {
        self.config = config
        canonicalConfig = CanonicalJSON.config(config)
        id = TrialID.of(canonicalConfig: canonicalConfig)
    }
}
