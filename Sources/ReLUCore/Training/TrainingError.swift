/// Why a trial could not be trained (as opposed to a trial that trained and diverged, which is
/// a measurement, not an error).
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidConfig(ConfigError)
    case dataset(DatasetError)
    case cancelled

    /// No worker would train it either: an invalid config, or a csv path the data access
    /// policy refuses. Not worth retrying (a worker reports it as a configuration failure).
    public var isConfigurationFailure: Bool {
        switch self {
        case .invalidConfig: true
        case .dataset(let e): e.isRefusal
        case .cancelled: false
        }
    }

    public var description: String {
        switch self {
        case .invalidConfig(let e): e.description
        case .dataset(let e): e.description
        case .cancelled: "training was cancelled"
        }
    }
}
