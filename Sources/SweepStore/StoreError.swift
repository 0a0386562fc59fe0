import SweepModel

/// What the store refuses or fails at, with messages a user can act on. The coordinator maps
/// them to HTTP: sweepNotFound 404, invalidGrid and invalidRequest 400, conflict 409,
/// storageUnavailable 503 (retry later), database 500; locked, incompatibleDatabase and corrupt
/// stop it from starting.
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
    /// SQLite failed for another reason: the message includes the path.
    case database(String)
    /// The database cannot be written now (its disk is full, or an I/O error): nothing was
    /// changed; the same request can succeed once there is space again.
    case storageUnavailable(String)
    /// The file is damaged (SQLite reports corruption, or it is not a database): the message
    /// names it and says what to do.
    case corrupt(path: String, detail: String)

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
        case .storageUnavailable(let m): return m
        case .corrupt(let path, let detail):
            return "the sweep database \(path) is damaged (\(detail)); do not serve from it: stop, keep a copy of the file, "
                + "and restore the last copy made by `relusweep backup` (or salvage what is readable with "
                + "`sqlite3 \(path) .recover | sqlite3 NEW.sqlite`); `relusweep check --db \(path)` lists the damage"
        }
    }
}
