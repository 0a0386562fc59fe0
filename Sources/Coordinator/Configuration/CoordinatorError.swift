import SweepStore

/// Why a coordinator cannot start or stopped, with what to do about it.
public enum CoordinatorError: Error, Sendable, CustomStringConvertible {
    case invalidConfiguration(String)
    /// A non-loopback address without a token: anyone on the network could change sweeps.
    case insecureBind(host: String)
    /// The token file or variable is unusable (the reason never includes the token).
    case token(String)
    /// The database could not be opened (locked by another coordinator, newer schema, I/O).
    case store(StoreError)
    /// The server could not listen or failed while running.
    case server(String)
    /// `port()` was asked of a coordinator that stopped (or failed) before listening.
    case notListening(String)

    public var description: String {
        switch self {
        case .invalidConfiguration(let m): m
        case .insecureBind(let host):
            "refusing to listen on \(host) without a token: anyone who can reach it could change sweeps; "
                + "pass --token-file FILE or set RELUSWEEP_TOKEN (or listen on 127.0.0.1)"
        case .token(let m): m
        case .store(let e): e.description
        case .server(let m): m
        case .notListening(let m): m
        }
    }
}
