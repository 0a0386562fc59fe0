import Foundation
import GRDB
import ReLUCore
import SweepModel

extension SweepStore {
    /// A page of the sweep's finished trials in trial order (the grid's expansion order, then
    /// later additions): done trials with their metrics, failed ones with `error` = lastError
    /// and no metrics. Pending and leased trials are not listed. Each page is one read
    /// snapshot; pass `page.next` as `after` to continue (nil = done), so an export of a
    /// million trials streams in bounded memory while the sweep keeps running.
    public func exportPage(sweepId: String, after: Int64? = nil, limit: Int = 1000) async throws(StoreError) -> ExportPage {
        let page = try await exportStoredPage(sweepId: sweepId, after: after, limit: limit)
        var records: [TrialRecord] = []
        records.reserveCapacity(page.records.count)
        for r in page.records {
            do { records.append(try r.record()) } catch {
                throw .database("trial \(r.trialId) has an unreadable record in \(path): \(error)")
            }
        }
        return ExportPage(records: records, next: page.next)
    }

    /// `exportPage` without decoding: the stored JSON of each finished trial (for writing
    /// results.jsonl lines as they are stored).
    public func exportStoredPage(sweepId: String, after: Int64? = nil, limit: Int = 1000) async throws(StoreError) -> StoredPage {
        guard SweepName.isValid(sweepId) else { throw .sweepNotFound(sweepId) }
        let n = min(max(limit, 1), 100_000)
        let rows: [(Int64, StoredRecord)]? = try await read { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM sweeps WHERE id = ?", arguments: [sweepId]) else { return nil }
            return try Row.fetchAll(db.cachedStatement(sql: """
                SELECT t.seq, t.id, c.config, t.state, t.lastError, r.metrics
                FROM membership m JOIN trials t ON t.seq = m.trial JOIN trialConfigs c ON c.trial = t.seq
                LEFT JOIN results r ON r.trial = t.seq
                WHERE m.sweep = ? AND m.trial > ? AND t.state IN ('done', 'failed')
                ORDER BY m.trial LIMIT ?
                """), arguments: [seq, after ?? 0, n]).map { row -> (Int64, StoredRecord) in
                let state: String = row[3]
                let metrics: String? = row[5]
                let error: String? = state == "failed" && metrics == nil ? ((row[4] as String?) ?? "failed") : nil
                return (row[0], StoredRecord(trialId: row[1], config: row[2], metrics: metrics, error: error))
            }
        }
        guard let rows else { throw .sweepNotFound(sweepId) }
        return StoredPage(records: rows.map(\.1), next: rows.count == n ? rows.last?.0 : nil)
    }

    /// Calls `body` with every page of `exportPage` in order.
    public func exportRecords(sweepId: String, pageSize: Int = 1000,
                              _ body: ([TrialRecord]) async throws -> Void) async throws {
        var after: Int64? = nil
        repeat {
            let page = try await exportPage(sweepId: sweepId, after: after, limit: pageSize)
            if !page.records.isEmpty { try await body(page.records) }
            after = page.next
        } while after != nil
    }
}
