/// A phase query that cannot be answered, with what to change.
public enum PhaseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An axis or facet key that is not a config key (nor `step`).
    case unknownKey(flag: String, key: String, allowed: [String])
    case invalidQuery(String)
    /// A forced scale the values cannot have (log of a value <= 0, linear of names).
    case invalidScale(flag: String, key: String, message: String)

    public var description: String {
        switch self {
        case .unknownKey(let flag, let key, let allowed):
            "--\(flag): unknown key '\(key)'; allowed keys: \(allowed.joined(separator: ", "))"
        case .invalidQuery(let message):
            message
        case .invalidScale(let flag, let key, let message):
            "--\(flag): '\(key)' \(message)"
        }
    }
}
