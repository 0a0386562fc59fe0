import SweepModel

/// What the store refuses or fails at, with messages a user can act on. The coordinator maps
/// them to HTTP: sweepNotFound 404, invalidGrid and invalidRequest 400, conflict 409,
/// database 500; locked and incompatibleDatabase stop it from starting.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another coordinator holds the database (its lock file and pid when readable).
    case locked(lockFile: String, holderPid: Int32?)
    case sweepNotFound(String)
    case invalidGrid(GridError)
    case invalidRequest(String)
    /// The operation does not apply in the sweep's state (e.g. pausing a cancelled sweep).
    case conflict(String)
    /// The database file was written by a newer relusweep.
    case incompatibleDatabase(String)
    /// SQLite failed (disk full, I/O error, corrupt file...): the message includes the path.
    case database(String)

    public var description: String {
        switch self {
        case .locked(let file, let pid):
            let holder = pid.map { "process \($0)" } ?? "another process"
            return "the database is in use by \(holder) (lock file \(file)); stop that coordinator first, or use another --db"
        case .sweepNotFound(let id): return "no sweep '\(id)'"
        case .invalidGrid(let e): return e.description
        case .invalidRequest(let m): return m
        case .conflict(let m): return m
        case .incompatibleDatabase(let m): return m
        case .database(let m): return m
        }
    }
}
