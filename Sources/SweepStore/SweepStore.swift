import Foundation
import GRDB
import SweepModel

/// The durable state of sweeps in one SQLite file (WAL, synchronous = FULL): sweeps, trials,
/// leases, results, workers and an event log. Every operation is one transaction; when an
/// async call returns, its effect is on disk (a result acknowledged after `record` returns
/// survives a crash of the process or the machine).
///
/// It is a `DatabasePool`: one writer connection serializes the mutations while status,
/// export and dashboard reads run concurrently on reader connections against WAL snapshots,
/// so a slow export never stalls leasing or recording.
///
/// Opening a file creates or migrates it and takes `<path>.lock`, so a second coordinator on
/// the same file fails with `StoreError.locked`. Opening an existing file continues where it
/// stopped: leases that were in flight expire at their time and their trials are re-leased. A
/// damaged file is refused (`StoreError.corrupt`, from SQLite's `quick_check` at open), and a
/// write that fails for lack of space is `StoreError.storageUnavailable` and changes nothing.
public final class SweepStore: Sendable {
    public let path: String
    public let options: StoreOptions
    let pool: DatabasePool
    private let lock: FileLock?
    /// Concurrent `record` calls share transactions (see GroupCommit).
    let recorder: GroupCommit<RecordJob, ResultAck>

    public init(path: String, options: StoreOptions = StoreOptions()) throws(StoreError) {
        self.path = path
        self.options = options
        guard options.maxAttempts >= 1, options.leaseSeconds > 0, options.throughputWindow > 0 else {
            throw .invalidRequest("store options: maxAttempts >= 1, leaseSeconds > 0, throughputWindow > 0")
        }
        lock = options.exclusiveLock ? try FileLock(path: path + ".lock") : nil
        var config = Configuration()
        config.label = "SweepStore"
        // External readers (sqlite3 on the file, a backup) may hold a lock for a moment.
        config.busyMode = .timeout(10)
        config.maximumReaderCount = 4
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // Every page once (structure, not index contents): a damaged file is refused here,
            // before anything is served from it or written to it.
            let problems = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(5)") }
            if problems != ["ok"] {
                throw StoreError.corrupt(path: path, detail: "SQLite quick_check: " + problems.joined(separator: "; ").prefix(600))
            }
            try pool.writeWithoutTransaction { db in
                // GRDB sets NORMAL in WAL mode; FULL syncs the WAL on every commit, so a
                // committed result survives power loss, not only a process crash.
                try db.execute(sql: "PRAGMA synchronous = FULL")
                // Trial ids are random, so inserting a large grid touches index pages all over;
                // a 64 MiB page cache (instead of 2 MiB) keeps them in memory.
                try db.execute(sql: "PRAGMA cache_size = -65536")
            }
            let migrator = StoreSchema.migrator
            let (superseded, applied) = try pool.read { db in (try migrator.hasBeenSuperseded(db), try migrator.completedMigrations(db)) }
            if superseded {
                throw StoreError.incompatibleDatabase(
                    "\(path) was written by a newer relusweep (schema \(applied.last ?? "?")); upgrade relusweep")
            }
            try migrator.migrate(pool)
            try pool.write { db in
                try Events.log(db, at: options.clock.now().timeIntervalSince1970, kind: "open", detail: "pid \(ProcessInfo.processInfo.processIdentifier)")
            }
        } catch let e as StoreError {
            lock?.release()
            throw e
        } catch {
            lock?.release()
            throw Self.classify(error, path: path, doing: "cannot open sweep database \(path)")
        }
        let writer = pool
        let maxAttempts = options.maxAttempts
        recorder = GroupCommit { jobs throws(StoreError) in
            try await Self.write(writer, path: path) { db in
                try jobs.map { try Self.record(db, $0.batch, now: $0.now, maxAttempts: maxAttempts) }
            }
        }
    }

    /// Closes the connections and releases the lock. Later calls fail.
    public func close() throws(StoreError) {
        defer { lock?.release() }
        do { try pool.close() } catch { throw Self.classify(error, path: path, doing: "closing \(path)") }
    }

    /// Runs `body` in one write transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        try await Self.write(pool, path: path, body)
    }

    static func write<T: Sendable>(_ pool: DatabasePool, path: String,
                                   _ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch let e as StoreError {
            throw e
        } catch {
            throw Self.classify(error, path: path, doing: path)
        }
    }

    /// Runs `body` in one read transaction (a consistent snapshot).
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.read(body)
        } catch let e as StoreError {
            throw e
        } catch {
            throw Self.classify(error, path: path, doing: path)
        }
    }

    /// A StoreError for what SQLite (or GRDB) threw: damage, a full disk and I/O errors get
    /// their own cases; `doing` starts the message of the others.
    static func classify(_ error: any Error, path: String, doing: String) -> StoreError {
        if let e = error as? StoreError { return e }
        guard let e = error as? DatabaseError else { return .database("\(doing): \(message(error))") }
        switch e.resultCode {
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .corrupt(path: path, detail: message(error))
        case .SQLITE_FULL:
            return .storageUnavailable(
                "\(path): the disk is full (\(message(error))); nothing was stored; free space on its file system, then retry")
        case .SQLITE_IOERR:
            return .storageUnavailable(
                "\(path): the disk failed a read or write (\(message(error))); nothing was stored; check the file system (full? read-only? failing?), then retry")
        default:
            return .database("\(doing): \(message(error))")
        }
    }

    static func message(_ error: any Error) -> String {
        if let e = error as? DatabaseError {
            return "\(e.message ?? "SQLite error") (SQLite code \(e.extendedResultCode.rawValue))"
        }
        if error is CancellationError { return "cancelled" }
        return "\(error)"
    }

    /// `PRAGMA synchronous` of the writer (2 = FULL); for tests and diagnostics.
    public func synchronousMode() async throws(StoreError) -> Int {
        do {
            return try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
        } catch {
            throw Self.classify(error, path: path, doing: path)
        }
    }
}
