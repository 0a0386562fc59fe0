import SweepClient
/// Why a worker cannot start or had to stop, with what to do about it.
public enum WorkerError: Error, Sendable, CustomStringConvertible {
    case invalidConfiguration(String)
    /// The outbox or the worker log cannot be read or written.
    case outbox(path: String, String)
    /// Another worker holds this outbox.
    case outboxInUse(path: String)
    /// The coordinator refused the token (401/403): retrying will not help.
    case unauthorized(CoordinatorClientError)

    public var description: String {
        switch self {
        case .invalidConfiguration(let m): return m
        case .outbox(let path, let m): return "outbox \(path): \(m)"
        case .outboxInUse(let path):
            return "outbox \(path) is in use by another worker (lock \(path).lock); give this worker its own --outbox FILE"
        case .unauthorized(let e): return "the coordinator refused this worker: \(e.description)"
        }
    }
}
