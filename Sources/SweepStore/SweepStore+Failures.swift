import GRDB
import SweepModel

extension SweepStore {
    /// The most recent failure reports (newest first), of every sweep or of one: the event log's
    /// `fail` and `failed` entries (a partial index keeps this cheap however long the log).
    public func failures(limit: Int = 50, sweepId: String? = nil) async throws(StoreError) -> [TrialFailure] {
        let n = min(max(limit, 1), 10_000)
        if let sweepId, !SweepName.isValid(sweepId) { throw .sweepNotFound(sweepId) }
        return try await read { db in
            var sweepSeq: Int64? = nil
            if let sweepId {
                guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM sweeps WHERE id = ?", arguments: [sweepId]) else {
                    throw StoreError.sweepNotFound(sweepId)
                }
                sweepSeq = seq
            }
            let rows: [Row]
            if let sweepSeq {
                rows = try Row.fetchAll(db, sql: """
                    SELECT e.seq, e.at, e.kind, e.trial, e.worker, e.detail FROM events e
                    WHERE e.kind IN ('fail', 'failed')
                      AND EXISTS (SELECT 1 FROM trials t JOIN membership m ON m.trial = t.seq AND m.sweep = ? WHERE t.id = e.trial)
                    ORDER BY e.seq DESC LIMIT ?
                    """, arguments: [sweepSeq, n])
            } else {
                rows = try Row.fetchAll(db, sql: """
                    SELECT seq, at, kind, trial, worker, detail FROM events
                    WHERE kind IN ('fail', 'failed') ORDER BY seq DESC LIMIT ?
                    """, arguments: [n])
            }
            let sweepsOf = try db.cachedStatement(sql: """
                SELECT s.id FROM trials t JOIN membership m ON m.trial = t.seq JOIN sweeps s ON s.seq = m.sweep
                WHERE t.id = ? ORDER BY s.seq
                """)
            return try rows.map { r in
                let trial: String = r[3] ?? ""
                let parsed = TrialFailure.parse(detail: r[5] ?? "")
                return TrialFailure(seq: r[0], at: Timestamp(secondsSince1970: r[1]), trialId: trial,
                                    sweeps: try String.fetchAll(sweepsOf, arguments: [trial]), worker: r[4],
                                    attempt: parsed.attempt, maxAttempts: parsed.maxAttempts,
                                    final: (r[2] as String) == "failed", errorKind: parsed.kind, error: parsed.error)
            }
        }
    }
}
