import Foundation
import GRDB
import SweepModel

extension SweepStore {
    /// Renews active leases until `now + leaseSeconds`, one answer per id in order. A lease is
    /// not renewed (`stop`) when it is no longer active (expired, released, completed,
    /// superseded, failed; reason = that state; `unknown` for an id never granted) or when every
    /// sweep holding its trial is cancelled or finished (reason `cancelled`: the trial returns
    /// to pending for free). Leases of paused sweeps are renewed: pausing stops new leases, not
    /// running trials.
    public func heartbeat(worker: String, leaseIds: [String], now: Date? = nil,
                          leaseSeconds: Double? = nil) async throws(StoreError) -> HeartbeatResponse {
                              let now = now ?? options.clock.now()
        if let p = HeartbeatRequest(worker: worker, leaseIds: leaseIds).validationProblem() { throw .invalidRequest(p) }
        let seconds = leaseSeconds ?? options.leaseSeconds
        guard seconds.isFinite, seconds > 0 else { throw .invalidRequest("leaseSeconds: expected a number > 0") }
        let t = now.timeIntervalSince1970
        return try await write { db in
            let ledger = SweepLedger(db)
            let find = try db.cachedStatement(sql: """
                SELECT l.trial, l.epoch, l.state, t.id FROM leases l JOIN trials t ON t.seq = l.trial WHERE l.id = ?
                """)
            let live = try db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM membership m JOIN sweeps s ON s.seq = m.sweep
                               WHERE m.trial = ? AND s.state IN ('running', 'paused'))
                """)
            let renew = try db.cachedStatement(sql: "UPDATE leases SET expiresAt = ? WHERE id = ?")
            var out: [LeaseRenewal] = []
            for id in leaseIds {
                guard let row = try Row.fetchOne(find, arguments: [id]) else {
                    out.append(LeaseRenewal(leaseId: id, status: .stop, reason: "unknown"))
                    continue
                }
                let seq: Int64 = row[0]
                let state: String = row[2]
                guard state == "active" else {
                    out.append(LeaseRenewal(leaseId: id, status: .stop, reason: state == "stopped" ? "cancelled" : state))
                    continue
                }
                if try Bool.fetchOne(live, arguments: [seq]) == true {
                    try renew.execute(arguments: [t + seconds, id])
                    out.append(LeaseRenewal(leaseId: id, status: .renewed, expiresAt: Timestamp(secondsSince1970: t + seconds)))
                } else {
                    try db.execute(sql: "UPDATE leases SET state = 'stopped', endedAt = ? WHERE id = ?", arguments: [t, id])
                    try Self.returnToPending(db, ledger: ledger, trial: seq, ifLeasedAt: row[1], now: t)
                    try Events.log(db, at: t, kind: "stop", trial: row[3], worker: worker, detail: "its sweeps were cancelled")
                    out.append(LeaseRenewal(leaseId: id, status: .stop, reason: "cancelled"))
                }
            }
            try db.execute(sql: "UPDATE workers SET lastSeen = ? WHERE name = ?", arguments: [t, worker])
            try ledger.commit(now: t)
            return HeartbeatResponse(leases: out)
        }
    }

    /// Gives leases back (graceful worker shutdown): active ones end as `released` and their
    /// trials return to pending at once, without spending the retry budget. Returns how many
    /// were active.
    @discardableResult
    public func release(worker: String, leaseIds: [String], now: Date? = nil) async throws(StoreError) -> ReleaseResponse {
        let now = now ?? options.clock.now()
        if let p = ReleaseRequest(worker: worker, leaseIds: leaseIds).validationProblem() { throw .invalidRequest(p) }
        let t = now.timeIntervalSince1970
        return try await write { db in
            let ledger = SweepLedger(db)
            let end = try db.cachedStatement(sql: """
                UPDATE leases SET state = 'released', endedAt = ? WHERE id = ? AND state = 'active' RETURNING trial, epoch
                """)
            var n = 0
            for id in leaseIds {
                guard let row = try Row.fetchOne(end, arguments: [t, id]) else { continue }
                n += 1
                let seq: Int64 = row[0]
                try Self.returnToPending(db, ledger: ledger, trial: seq, ifLeasedAt: row[1], now: t)
                let trialId = try String.fetchOne(db, sql: "SELECT id FROM trials WHERE seq = ?", arguments: [seq])
                try Events.log(db, at: t, kind: "release", trial: trialId, worker: worker)
            }
            try db.execute(sql: "UPDATE workers SET lastSeen = ? WHERE name = ?", arguments: [t, worker])
            try ledger.commit(now: t)
            return ReleaseResponse(released: n)
        }
    }
}
