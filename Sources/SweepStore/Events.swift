import GRDB

/// Appends to the event log (inside the caller's transaction).
enum Events {
    static func log(_ db: Database, at: Double, kind: String, sweep: String? = nil, trial: String? = nil,
                    worker: String? = nil, detail: String? = nil) throws {
        let s = try db.cachedStatement(sql: "INSERT INTO events(at, kind, sweep, trial, worker, detail) VALUES (?, ?, ?, ?, ?, ?)")
        try s.execute(arguments: [at, kind, sweep, trial, worker, detail])
    }
}
