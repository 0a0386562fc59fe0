import ReLUCore
/// Constants shared by every party of a sweep (grid tools, coordinator, workers).
public enum SweepModel {
    /// Version of the trial-identity and wire protocol. It is hashed into every trial id, so
    /// bumping it (for example when `TrialConfig` gains a key or the core's numbers change)
    /// gives every trial a new id and nothing from an older version is silently reused.
    public static let protocolVersion = 1

    /// The relusweep version workers report in provenance and clients in User-Agent.
    public static let version = "0.1.0"
}
