import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `SweepStore.backup` copied.
public struct StoreBackup: Sendable, Equatable {
    public var pages: Int
    public var bytes: Int
    public var sweeps: Int
    public var trials: Int
    public var results: Int
}

extension SweepStore {
    /// Copies the database at `path` to `destination` with SQLite's online backup, from one
    /// read snapshot: consistent even while a coordinator serves from `path` (it takes no
    /// lock the coordinator holds, and writers are not blocked). The copy is written next to
    /// `destination` as `<destination>.partial`, checked (`integrity_check`), synced and then
    /// renamed, so `destination` is either a complete, sound copy or absent. A coordinator
    /// started on the copy continues every sweep from the moment of the snapshot (leases held
    /// then expire and are granted again).
    public static func backup(path: String, to destination: String) throws(StoreError) -> StoreBackup {
        guard FileManager.default.fileExists(atPath: path) else { throw .invalidRequest("--db \(path): no such file") }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw .invalidRequest("--out \(destination) exists; remove it or choose another file (a backup never overwrites)")
        }
        let source = URL(fileURLWithPath: path).standardizedFileURL.path
        guard URL(fileURLWithPath: destination).standardizedFileURL.path != source else {
            throw .invalidRequest("--out is the database itself; choose another file")
        }
        let partial = destination + ".partial"
        func removePartial() {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
        }
        removePartial()
        var summary = StoreBackup(pages: 0, bytes: 0, sweeps: 0, trials: 0, results: 0)
        do {
            var sourceConfig = Configuration()
            sourceConfig.label = "SweepStore.backup.source"
            sourceConfig.busyMode = .timeout(10)
            let from = try DatabaseQueue(path: path, configuration: sourceConfig)
            defer { try? from.close() }
            let to = try DatabaseQueue(path: partial)
            do {
                // All pages in one step: the copy is one snapshot of the source.
                try from.backup(to: to) { progress in
                    if progress.isCompleted { summary.pages = progress.totalPageCount }
                }
                let problems = try to.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check(5)") }
                guard problems == ["ok"] else {
                    throw StoreError.corrupt(path: path, detail: "its copy fails integrity_check: " + problems.joined(separator: "; "))
                }
                (summary.sweeps, summary.trials, summary.results) = try to.read { db in
                    (try Int.fetchOne(db, sql: "SELECT count(*) FROM sweeps") ?? 0,
                     try Int.fetchOne(db, sql: "SELECT count(*) FROM trials") ?? 0,
                     try Int.fetchOne(db, sql: "SELECT count(*) FROM results") ?? 0)
                }
                // Fold the copy's WAL into its file, so one file is the whole backup.
                try to.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
                try to.close()
            } catch {
                try? to.close()
                throw error
            }
        } catch {
            removePartial()
            throw classify(error, path: path, doing: "backup of \(path) to \(destination) failed")
        }
        syncToDisk(partial)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
        guard rename(partial, destination) == 0 else {
            let why = String(cString: strerror(errno))
            removePartial()
            throw .database("backup: cannot rename \(partial) to \(destination): \(why)")
        }
        let dir = (destination as NSString).deletingLastPathComponent
        syncToDisk(dir.isEmpty ? "." : dir)
        summary.bytes = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0
        return summary
    }
}

/// fsync of a file, or of a directory (which makes a rename in it durable).
private func syncToDisk(_ path: String) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return }
    _ = fsync(fd)
    #if canImport(Glibc)
    _ = Glibc.close(fd)
    #else
    _ = Darwin.close(fd)
    #endif
}
