import Foundation
import GRDB
import ReLUCore
import SweepModel

extension SweepStore {
    /// Leases up to `slots` pending trials of running sweeps to `worker`, oldest first (trial
    /// insertion order), for `leaseSeconds` (default `options.leaseSeconds`). Expired leases
    /// are requeued first, in the same transaction. Paused and cancelled sweeps give nothing.
    /// With no trial granted, `retryAfterSeconds` says when to ask again and `finished` that
    /// no running or paused sweep has work left. `trainingSlots` and `prefetch` (what the
    /// worker trains at once and holds ready beyond that) are kept for `workers()`.
    public func lease(worker: String, host: String? = nil, slots: Int, trainingSlots: Int? = nil, prefetch: Int? = nil,
                      now: Date? = nil, leaseSeconds: Double? = nil) async throws(StoreError) -> LeaseResponse {
        let now = now ?? options.clock.now()
        if let p = LeaseRequest(worker: worker, slots: slots, host: host, trainingSlots: trainingSlots, prefetch: prefetch)
            .validationProblem() { throw .invalidRequest(p) }
        let seconds = leaseSeconds ?? options.leaseSeconds
        guard seconds.isFinite, seconds > 0 else { throw .invalidRequest("leaseSeconds: expected a number > 0") }
        let t = now.timeIntervalSince1970
        let outcome: LeaseOutcome = try await write { db in
            let ledger = SweepLedger(db)
            _ = try Self.expire(db, ledger: ledger, now: t)
            try db.execute(sql: """
                INSERT INTO workers(name, host, slots, prefetch, requested, firstSeen, lastSeen) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET host = coalesce(excluded.host, host), slots = excluded.slots,
                  prefetch = excluded.prefetch, requested = excluded.requested, lastSeen = excluded.lastSeen
                """, arguments: [worker, host, trainingSlots ?? slots, prefetch, slots, t, t])
            let pick = try db.cachedStatement(sql: """
                SELECT t.seq, t.id, c.config, t.epoch FROM trials t JOIN trialConfigs c ON c.trial = t.seq
                WHERE t.state = 'pending' AND t.runnable > 0 ORDER BY t.seq LIMIT ?
                """)
            var grants: [GrantRow] = []
            let picked = try Row.fetchAll(pick, arguments: [slots])
            let ids = try LeaseToken.make(db, count: picked.count)
            let seqs: [Int64] = picked.map { $0[0] }
            try ledger.prefetch(seqs)
            var leaseRows: [(any DatabaseValueConvertible)?] = []
            leaseRows.reserveCapacity(picked.count * 6)
            for (row, leaseId) in zip(picked, ids) {
                let seq: Int64 = row[0]
                let epoch = (row[3] as Int) + 1
                let members = try ledger.sweeps(of: seq)
                let sweep = members.first { $0.state == .running } ?? members.first
                try ledger.moved(trial: seq, from: .pending, to: .leased)
                leaseRows += [leaseId, seq, epoch, worker, t, t + seconds]
                grants.append(GrantRow(leaseId: leaseId, epoch: epoch, trialId: row[1], sweepId: sweep?.id ?? "",
                                       config: row[2], expiresAt: t + seconds))
            }
            if !seqs.isEmpty {
                try db.cachedStatement(sql: """
                    UPDATE trials SET state = 'leased', epoch = epoch + 1, updatedAt = ? WHERE seq IN (\(BulkSQL.placeholders(seqs.count)))
                    """).execute(arguments: StatementArguments([t] + seqs.map { $0 as any DatabaseValueConvertible }))
                try db.cachedStatement(sql: """
                    INSERT INTO leases(id, trial, epoch, worker, grantedAt, expiresAt) VALUES \(BulkSQL.rows(seqs.count, columns: 6))
                    """).execute(arguments: StatementArguments(leaseRows))
            }
            try ledger.commit(now: t)
            if !grants.isEmpty {
                // One line per grant batch; the leases table keeps every grant with its epoch.
                try Events.log(db, at: t, kind: "lease", worker: worker, detail: "\(grants.count) trial(s)")
            }
            if grants.isEmpty {
                let open = try Int.fetchOne(db, sql: "SELECT count(*) FROM sweeps WHERE state IN ('running', 'paused')") ?? 0
                var nextExpiry = try Double.fetchOne(db, sql: "SELECT min(expiresAt) FROM leases WHERE state = 'active'")
                // A running sweep with nothing pending or leased is an adaptive one waiting for its
                // driver's next decision (a plain one would have finished): ask again soon.
                if try Int.fetchOne(db, sql: "SELECT count(*) FROM sweeps WHERE state = 'running' AND pending + leased = 0") ?? 0 > 0 {
                    nextExpiry = t
                }
                return LeaseOutcome(grants: [], finished: open == 0, nextExpiry: nextExpiry)
            }
            return LeaseOutcome(grants: grants, finished: false, nextExpiry: nil)
        }
        if outcome.grants.isEmpty {
            // Nothing granted: wait until the next lease could expire (a trial may come back),
            // at least 1 s and at most 15 s; 5 s when nothing is leased (paused sweeps).
            let retry = outcome.nextExpiry.map { min(15, max(1, $0 - t)) } ?? 5
            return LeaseResponse(leases: [], retryAfterSeconds: outcome.finished ? 0 : retry.rounded(.up), finished: outcome.finished)
        }
        let rows = outcome.grants
        let decoder = JSONDecoder()
        var leases: [LeaseGrant] = []
        leases.reserveCapacity(rows.count)
        for r in rows {
            let config: TrialConfig
            if let c = CanonicalJSON.decodeConfig(r.config) {
                config = c
            } else {
                do { config = try decoder.decode(TrialConfig.self, from: Data(r.config.utf8)) } catch {
                    throw .database("trial \(r.trialId) has an unreadable config in \(path): \(error)")
                }
            }
            leases.append(LeaseGrant(leaseId: r.leaseId, epoch: r.epoch, trialId: r.trialId, sweepId: r.sweepId,
                                     config: config, expiresAt: Timestamp(secondsSince1970: r.expiresAt)))
        }
        return LeaseResponse(leases: leases, retryAfterSeconds: 0, finished: false)
    }

    /// Requeues trials whose lease expired before `now` (free: the retry budget is not spent)
    /// and returns how many. `lease` does this too; a coordinator may also call it on a timer
    /// so that status counts stay current when no worker asks.
    @discardableResult
    public func expire(now: Date? = nil) async throws(StoreError) -> Int {
        let now = now ?? options.clock.now()
        let t = now.timeIntervalSince1970
        return try await write { db in
            let ledger = SweepLedger(db)
            let n = try Self.expire(db, ledger: ledger, now: t)
            try ledger.commit(now: t)
            return n
        }
    }

    static func expire(_ db: Database, ledger: SweepLedger, now: Double) throws -> Int {
        let expired = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT l.id, l.trial, l.epoch, l.worker, t.id, t.state, t.epoch FROM leases l JOIN trials t ON t.seq = l.trial
            WHERE l.state = 'active' AND l.expiresAt <= ?
            """), arguments: [now])
        for row in expired {
            let leaseId: String = row[0]
            let seq: Int64 = row[1]
            try db.execute(sql: "UPDATE leases SET state = 'expired', endedAt = ? WHERE id = ?", arguments: [now, leaseId])
            try returnToPending(db, ledger: ledger, trial: seq, ifLeasedAt: row[2], now: now)
            try Events.log(db, at: now, kind: "expire", trial: row[4], worker: row[3], detail: "epoch \(row[2] as Int)")
        }
        return expired.count
    }

    /// Puts a leased trial back to pending if it is still leased under `epoch`.
    static func returnToPending(_ db: Database, ledger: SweepLedger, trial seq: Int64, ifLeasedAt epoch: Int, now: Double) throws {
        try db.cachedStatement(sql: """
            UPDATE trials SET state = 'pending', updatedAt = ? WHERE seq = ? AND state = 'leased' AND epoch = ?
            """).execute(arguments: [now, seq, epoch])
        if db.changesCount > 0 { try ledger.moved(trial: seq, from: .leased, to: .pending) }
    }
}

/// A granted lease as read in the transaction (the config is decoded after it commits).
struct GrantRow: Sendable {
    var leaseId: String
    var epoch: Int
    var trialId: String
    var sweepId: String
    var config: String
    var expiresAt: Double
}

/// What a lease transaction produced.
struct LeaseOutcome: Sendable {
    var grants: [GrantRow]
    var finished: Bool
    var nextExpiry: Double?
}
