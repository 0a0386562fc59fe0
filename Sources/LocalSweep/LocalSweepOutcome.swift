/// How a `LocalSweep` ended.
public enum LocalSweepOutcome: Sendable, Equatable {
    /// Every trial finished and the outputs are written.
    case finished
    /// Stopped by a graceful shutdown before the end; what finished is saved in the database.
    case interrupted
}
