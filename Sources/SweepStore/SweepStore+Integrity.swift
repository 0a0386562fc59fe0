import Foundation
import GRDB

extension SweepStore {
    /// SQLite's full `PRAGMA integrity_check` of the file at `path` (every page, every index
    /// entry against its table), without taking the store's lock: empty when the file is sound,
    /// else SQLite's findings (at most `limit`). Reads only; a coordinator may be serving.
    public static func integrityCheck(path: String, limit: Int = 100) throws(StoreError) -> [String] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .invalidRequest("\(path): no such file")
        }
        do {
            var config = Configuration()
            config.label = "SweepStore.integrityCheck"
            config.busyMode = .timeout(10)
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            let rows = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check(\(max(1, limit)))") }
            return rows == ["ok"] ? [] : rows
        } catch {
            let e = classify(error, path: path, doing: "cannot check \(path)")
            // A file SQLite cannot even open as a database is one finding, not a failure to check.
            if case .corrupt(_, let detail) = e { return [detail] }
            throw e
        }
    }
}
