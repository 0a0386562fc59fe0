import Foundation
import GRDB
import SweepModel

extension SweepStore {
    /// Checks the database against the rules every operation keeps, from one snapshot, and
    /// returns what is violated (empty = consistent): counters match the trials, `runnable`
    /// matches the running sweeps, done <=> one result, leased <=> one active lease at the
    /// trial's epoch, finished sweeps have nothing left. Tests and the chaos soak use it.
    public func checkInvariants() async throws(StoreError) -> [String] {
        try await read { db in
            var problems: [String] = []
            func check(_ sql: String, _ what: String) throws {
                let n = try Int.fetchOne(db, sql: sql) ?? 0
                if n > 0 { problems.append("\(n) \(what)") }
            }
            try check("""
                SELECT count(*) FROM sweeps s WHERE
                  s.pending != (SELECT count(*) FROM membership m JOIN trials t ON t.seq = m.trial WHERE m.sweep = s.seq AND t.state = 'pending') OR
                  s.leased != (SELECT count(*) FROM membership m JOIN trials t ON t.seq = m.trial WHERE m.sweep = s.seq AND t.state = 'leased') OR
                  s.done != (SELECT count(*) FROM membership m JOIN trials t ON t.seq = m.trial WHERE m.sweep = s.seq AND t.state = 'done') OR
                  s.failed != (SELECT count(*) FROM membership m JOIN trials t ON t.seq = m.trial WHERE m.sweep = s.seq AND t.state = 'failed')
                """, "sweep(s) whose counters differ from their trials' states")
            try check("""
                SELECT count(*) FROM trials t WHERE t.runnable !=
                  (SELECT count(*) FROM membership m JOIN sweeps s ON s.seq = m.sweep WHERE m.trial = t.seq AND s.state = 'running')
                """, "trial(s) whose runnable count is wrong")
            try check("SELECT count(*) FROM trials t WHERE (t.state = 'done') != EXISTS (SELECT 1 FROM results r WHERE r.trial = t.seq)",
                      "trial(s) done without a result or with a result but not done")
            try check("""
                SELECT count(*) FROM trials t WHERE t.state = 'leased' AND
                  (SELECT count(*) FROM leases l WHERE l.trial = t.seq AND l.state = 'active' AND l.epoch = t.epoch) != 1
                """, "leased trial(s) without exactly one active lease at their epoch")
            try check("""
                SELECT count(*) FROM leases l JOIN trials t ON t.seq = l.trial
                WHERE l.state = 'active' AND (t.state != 'leased' OR t.epoch != l.epoch)
                """, "active lease(s) on a trial not leased under that lease")
            try check("SELECT count(*) FROM sweeps WHERE state = 'finished' AND pending + leased > 0",
                      "finished sweep(s) with work left")
            // An adaptive sweep waits with nothing left while its driver decides (SweepStore+Adaptive):
            // its grid's JSON has the key "adaptive":{ (isAdaptive(grid:)).
            try check("""
                SELECT count(*) FROM sweeps WHERE state IN ('running', 'paused') AND pending + leased = 0
                  AND instr(grid, '"adaptive":{') = 0
                """, "running or paused plain sweep(s) with nothing left")
            try check("SELECT count(*) FROM trials t WHERE NOT EXISTS (SELECT 1 FROM membership m WHERE m.trial = t.seq)",
                      "trial(s) in no sweep")
            return problems
        }
    }

    /// Events after `seq` (exclusive), oldest first.
    public func events(after seq: Int64 = 0, limit: Int = 1000) async throws(StoreError) -> [SweepEvent] {
        let n = min(max(limit, 1), 100_000)
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT seq, at, kind, sweep, trial, worker, detail FROM events WHERE seq > ? ORDER BY seq LIMIT ?
                """, arguments: [seq, n]).map {
                SweepEvent(seq: $0[0], at: $0[1], kind: $0[2], sweep: $0[3], trial: $0[4], worker: $0[5], detail: $0[6])
            }
        }
    }

    /// A trial's state, attempts and last error (nil if unknown): for tests and operators.
    public func trial(id: String) async throws(StoreError) -> TrialInfo? {
        guard TrialID.isWellFormed(id) else { return nil }
        return try await read { db in
            guard let r = try Row.fetchOne(db, sql: """
                SELECT t.state, t.epoch, t.attempts, t.lastError, EXISTS (SELECT 1 FROM results WHERE trial = t.seq)
                FROM trials t WHERE t.id = ?
                """, arguments: [id]) else { return nil }
            return TrialInfo(id: id, state: TrialState(rawValue: r[0]) ?? .pending, epoch: r[1], attempts: r[2],
                             lastError: r[3], hasResult: r[4])
        }
    }
}

/// One trial's bookkeeping.
public struct TrialInfo: Hashable, Sendable {
    public var id: String
    public var state: TrialState
    /// Leases granted so far.
    public var epoch: Int
    /// Failures spent from the retry budget.
    public var attempts: Int
    public var lastError: String?
    public var hasResult: Bool
}
