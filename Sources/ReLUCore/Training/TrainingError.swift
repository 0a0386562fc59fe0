/// Why a trial could not be trained (as opposed to a trial that trained and diverged, which is
/// a measurement, not an error).
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidConfig(ConfigError)
    case dataset(DatasetError)
    case cancelled

    public var description: String {
        switch self {
        case .invalidConfig(let e): e.description
        case .dataset(let e): e.description
        case .cancelled: "training was cancelled"
        }
    }
}
