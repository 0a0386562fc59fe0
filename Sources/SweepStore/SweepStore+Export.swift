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
        guard SweepName.isValid(sweepId) else { throw .sweepNotFound(sweepId) }
        let n = min(max(limit, 1), 100_000)
        let rows: [ExportRow]? = try await read { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM sweeps WHERE id = ?", arguments: [sweepId]) else { return nil }
            return try Row.fetchAll(db.cachedStatement(sql: """
                SELECT t.seq, t.id, c.config, t.state, t.lastError, r.metrics
                FROM membership m JOIN trials t ON t.seq = m.trial JOIN trialConfigs c ON c.trial = t.seq
                LEFT JOIN results r ON r.trial = t.seq
                WHERE m.sweep = ? AND m.trial > ? AND t.state IN ('done', 'failed')
                ORDER BY m.trial LIMIT ?
                """), arguments: [seq, after ?? 0, n]).map {
                ExportRow(seq: $0[0], id: $0[1], config: $0[2], state: $0[3], lastError: $0[4], metrics: $0[5])
            }
        }
        guard let rows else { throw .sweepNotFound(sweepId) }
        let decoder = JSONDecoder()
        var records: [TrialRecord] = []
        records.reserveCapacity(rows.count)
        for r in rows {
            do {
                let config = try CanonicalJSON.decodeConfig(r.config) ?? decoder.decode(TrialConfig.self, from: Data(r.config.utf8))
                let metrics = try r.metrics.map { try decoder.decode(TrialMetrics.self, from: Data($0.utf8)) }
                let error = r.state == "failed" && metrics == nil ? (r.lastError ?? "failed") : nil
                records.append(TrialRecord(trialId: r.id, config: config, metrics: metrics, error: error))
            } catch {
                throw .database("trial \(r.id) has an unreadable record in \(path): \(error)")
            }
        }
        return ExportPage(records: records, next: rows.count == n ? rows.last?.seq : nil)
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

struct ExportRow: Sendable {
    var seq: Int64
    var id: String
    var config: String
    var state: String
    var lastError: String?
    var metrics: String?
}
