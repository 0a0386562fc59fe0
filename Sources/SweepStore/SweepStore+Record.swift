import Foundation
import GRDB
import SweepModel

extension SweepStore {
    /// Records a batch of results in one transaction and answers each item, in order:
    ///
    /// - `stored`: metrics committed as the trial's one result (the trial is done, whatever
    ///   lease of it is active ends), or, for an `error` item from the current lease, the
    ///   failure was counted: the trial returns to pending, or is failed for good with
    ///   `lastError` once `options.maxAttempts` failures are spent, or at once when the item's
    ///   `errorKind` is `configuration` (no worker would train it: not worth retrying).
    /// - `duplicate`: the trial already has its result; nothing changed.
    /// - `rejected`: malformed item, unknown lease, lease of another trial, wrong epoch, invalid
    ///   metrics, or an error item from a lease that is no longer current. Invalid metrics
    ///   from the current lease also count as a failure (a trial whose metrics are always
    ///   broken ends failed rather than cycling forever); `detail` says so.
    ///
    /// Epoch fencing (DESIGN.md): a result from an expired (stale) lease is still stored if
    /// the trial has no result yet, and is a duplicate if it has one.
    ///
    /// Concurrent calls are group-committed: batches that arrive while a commit is running go
    /// together into the next transaction (one WAL sync for all). Each batch is still
    /// all-or-nothing and on disk when its call returns.
    public func record(_ items: [ResultItem], now: Date? = nil) async throws(StoreError) -> ResultAck {
        let now = now ?? options.clock.now()
        guard items.count <= ResultBatch.maxItems else {
            throw .invalidRequest("results: at most \(ResultBatch.maxItems) per batch, got \(items.count)")
        }
        // Checks and JSON encoding are CPU work: do them before taking the writer.
        var prepared: [PreparedResult] = []
        prepared.reserveCapacity(items.count)
        for item in items {
            var p = PreparedResult(item: item, problem: item.formProblem())
            if p.problem == nil, let m = item.metrics {
                p.metricsProblems = m.validationProblems(expectedSteps: nil)
                if p.metricsProblems.isEmpty { p.metricsJSON = MetricsJSON.encode(m) }
            }
            prepared.append(p)
        }
        // Concurrent batches share a transaction (group commit); each is answered on its own.
        return try await recorder.submit(RecordJob(batch: prepared, now: now.timeIntervalSince1970))
    }

    static func record(_ db: Database, _ batch: [PreparedResult], now: Double, maxAttempts: Int) throws -> ResultAck {
        let ledger = SweepLedger(db)
        // Everything the batch needs, read with one query: its leases and their trials.
        struct Known {
            var trial: Int64
            var leaseEpoch: Int
            var leaseState: String
            var trialId: String
            var steps: Int
        }
        var known: [String: Known] = [:]
        var trialState: [Int64: TrialState] = [:]
        var trialEpoch: [Int64: Int] = [:]
        let leaseIds = Array(Set(batch.filter { $0.problem == nil }.map(\.item.leaseId)))
        if !leaseIds.isEmpty {
            let sql = """
                SELECT l.id, l.trial, l.epoch, l.state, t.id, t.state, t.epoch, t.steps FROM leases l JOIN trials t ON t.seq = l.trial
                WHERE l.id IN (\(BulkSQL.placeholders(leaseIds.count)))
                """
            for r in try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(leaseIds)) {
                let seq: Int64 = r[1]
                known[r[0]] = Known(trial: seq, leaseEpoch: r[2], leaseState: r[3], trialId: r[4], steps: r[7])
                trialState[seq] = TrialState(rawValue: r[5]) ?? .pending
                trialEpoch[seq] = r[6]
            }
            try ledger.prefetch(known.values.map(\.trial))
        }
        var leaseState: [String: String] = known.mapValues(\.leaseState)
        // Writes of the common case (an on-time result), applied set-wise after the loop.
        var resultRows: [(any DatabaseValueConvertible)?] = []
        var doneTrials: [Int64] = []
        var completedLeases: [String] = []
        var acks: [ResultAckItem] = []
        acks.reserveCapacity(batch.count)
        var tallies: [String: (host: String, done: Int, failed: Int)] = [:]
        for p in batch {
            let item = p.item
            func reject(_ detail: String) { acks.append(ResultAckItem(trialId: item.trialId, status: .rejected, detail: detail)) }
            if let problem = p.problem { reject(problem); continue }
            guard let k = known[item.leaseId] else {
                reject("unknown lease \(item.leaseId)")
                continue
            }
            let seq = k.trial
            guard k.trialId == item.trialId else {
                reject("lease \(item.leaseId) is not a lease of trial \(item.trialId)")
                continue
            }
            guard k.leaseEpoch == item.epoch else {
                reject("epoch \(item.epoch) does not match lease \(item.leaseId) (epoch \(k.leaseEpoch))")
                continue
            }
            let state = trialState[seq] ?? .pending
            if state == .done {
                acks.append(ResultAckItem(trialId: item.trialId, status: .duplicate, detail: "the trial already has its result"))
                continue
            }
            let thisLease = leaseState[item.leaseId] ?? k.leaseState
            let current = thisLease == "active" && state == .leased && trialEpoch[seq] == k.leaseEpoch
            var tally = tallies[item.provenance.worker] ?? (item.provenance.host, 0, 0)
            defer { tallies[item.provenance.worker] = tally }
            func fail(_ error: String, kind: TrialErrorKind? = nil) throws -> (attempts: Int, final: Bool) {
                let r = try spendFailure(db, ledger: ledger, trial: seq, trialId: item.trialId, leaseId: item.leaseId,
                                         error: error, kind: kind, worker: item.provenance.worker, now: now, maxAttempts: maxAttempts)
                trialState[seq] = r.final ? .failed : .pending
                leaseState[item.leaseId] = "failed"
                tally.failed += 1
                return r
            }
            if let metrics = item.metrics {
                var problems = p.metricsProblems
                if problems.isEmpty, metrics.stepsRun + metrics.skippedSteps != k.steps {
                    problems = ["stepsRun + skippedSteps = \(metrics.stepsRun + metrics.skippedSteps), but the trial's config has steps = \(k.steps)"]
                }
                guard problems.isEmpty, let json = p.metricsJSON else {
                    let what = "invalid metrics: " + problems.prefix(5).joined(separator: "; ")
                    guard current else {
                        reject(what + " (from a lease that is no longer current; not counted)")
                        continue
                    }
                    let (attempts, final) = try fail(what)
                    reject(what + "; counted as failed attempt \(attempts) of \(maxAttempts)" + (final ? ", the trial is failed" : ""))
                    continue
                }
                let prov = item.provenance
                resultRows += [seq, item.leaseId, item.epoch, json, prov.worker, prov.host, prov.kernels, prov.version, prov.wallSeconds, now]
                doneTrials.append(seq)
                try ledger.moved(trial: seq, from: state, to: .done, metrics: metrics)
                trialState[seq] = .done
                if current {
                    completedLeases.append(item.leaseId)
                    leaseState[item.leaseId] = "completed"
                } else {
                    // A late result: whoever holds the trial now is superseded. Rare, so one
                    // statement and one event line each.
                    try db.cachedStatement(sql: """
                        UPDATE leases SET state = CASE WHEN id = ? THEN 'completed' ELSE 'superseded' END, endedAt = ?
                        WHERE trial = ? AND state = 'active'
                        """).execute(arguments: [item.leaseId, now, seq])
                    try Events.log(db, at: now, kind: "result", trial: item.trialId, worker: prov.worker,
                                   detail: "late: lease \(thisLease), epoch \(k.leaseEpoch)")
                }
                tally.done += 1
                acks.append(ResultAckItem(trialId: item.trialId, status: .stored))
            } else if let error = item.error {
                guard current else {
                    reject("lease \(item.leaseId) is no longer current (\(thisLease)); the failure is not counted")
                    continue
                }
                let (attempts, final) = try fail(error, kind: item.errorKind)
                let detail = item.errorKind == .configuration
                    ? "configuration failure (not retried): the trial is failed"
                    : "failure \(attempts) of \(maxAttempts)" + (final ? ": the trial is failed" : ": requeued")
                acks.append(ResultAckItem(trialId: item.trialId, status: .stored, detail: detail))
            }
        }
        if !doneTrials.isEmpty {
            try db.cachedStatement(sql: """
                INSERT INTO results(trial, leaseId, epoch, metrics, worker, host, kernels, version, wallSeconds, receivedAt)
                VALUES \(BulkSQL.rows(doneTrials.count, columns: 10))
                """).execute(arguments: StatementArguments(resultRows))
            try db.cachedStatement(sql: "UPDATE trials SET state = 'done', updatedAt = ? WHERE seq IN (\(BulkSQL.placeholders(doneTrials.count)))")
                .execute(arguments: StatementArguments([now] + doneTrials.map { $0 as any DatabaseValueConvertible }))
        }
        if !completedLeases.isEmpty {
            try db.cachedStatement(sql: "UPDATE leases SET state = 'completed', endedAt = ? WHERE id IN (\(BulkSQL.placeholders(completedLeases.count)))")
                .execute(arguments: StatementArguments([now] + completedLeases.map { $0 as any DatabaseValueConvertible }))
        }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO workers(name, host, done, failed, firstSeen, lastSeen) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET done = done + excluded.done, failed = failed + excluded.failed,
              host = excluded.host, lastSeen = excluded.lastSeen
            """)
        for (name, tally) in tallies.sorted(by: { $0.key < $1.key }) {
            try upsert.execute(arguments: [name, tally.host, tally.done, tally.failed, now, now])
        }
        try ledger.commit(now: now)
        // One line per batch: the results table has each result with its lease, worker and time.
        let stored = acks.filter { $0.status == .stored }.count
        let duplicates = acks.filter { $0.status == .duplicate }.count
        try Events.log(db, at: now, kind: "results", worker: tallies.keys.sorted().joined(separator: ","),
                       detail: "stored \(stored), duplicate \(duplicates), rejected \(acks.count - stored - duplicates)")
        return ResultAck(results: acks)
    }

    /// Counts one failure against the trial's retry budget: back to pending, or failed for good
    /// with `lastError` at `maxAttempts`, or at once for a `configuration` failure (its event
    /// detail says so: "attempt 1 of 3, configuration: TEXT"). Ends the trial's active lease as
    /// `failed`.
    static func spendFailure(_ db: Database, ledger: SweepLedger, trial seq: Int64, trialId: String, leaseId: String?,
                             error: String, kind: TrialErrorKind? = nil, worker: String?, now: Double,
                             maxAttempts: Int) throws -> (attempts: Int, final: Bool) {
        guard let before = try String.fetchOne(db, sql: "SELECT state FROM trials WHERE seq = ?", arguments: [seq]),
              let old = TrialState(rawValue: before) else { return (0, false) }
        guard let row = try Row.fetchOne(db, sql: """
            UPDATE trials SET attempts = attempts + 1, lastError = ?, updatedAt = ?,
              state = CASE WHEN ? OR attempts + 1 >= ? THEN 'failed' ELSE 'pending' END
            WHERE seq = ? RETURNING attempts, state
            """, arguments: [String(error.prefix(ResultItem.maxErrorBytes)), now, kind == .configuration, maxAttempts, seq])
        else { return (0, false) }
        let attempts: Int = row[0]
        let new = TrialState(rawValue: row[1]) ?? .pending
        try ledger.moved(trial: seq, from: old, to: new)
        try db.execute(sql: "UPDATE leases SET state = 'failed', endedAt = ? WHERE trial = ? AND state = 'active'", arguments: [now, seq])
        try Events.log(db, at: now, kind: new == .failed ? "failed" : "fail", trial: trialId, worker: worker,
                       detail: "attempt \(attempts) of \(maxAttempts)\(kind.map { ", \($0.rawValue)" } ?? ""): \(error.prefix(500))")
        return (attempts, new == .failed)
    }

    /// Counts a failure of a trial outside the result path (an operator's or coordinator's
    /// decision, e.g. a trial that crashes its worker): spends one attempt of the retry budget
    /// and ends its active lease. Returns the trial's new state. A done trial is not changed.
    @discardableResult
    public func fail(trialId: String, error: String, now: Date? = nil) async throws(StoreError) -> TrialState {
        let now = now ?? options.clock.now()
        guard TrialID.isWellFormed(trialId) else { throw .invalidRequest("trialId: expected 32 lowercase hex digits") }
        guard !error.isEmpty else { throw .invalidRequest("error: expected a text saying what failed") }
        let t = now.timeIntervalSince1970
        let maxAttempts = options.maxAttempts
        return try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT seq, state FROM trials WHERE id = ?", arguments: [trialId]) else {
                throw StoreError.invalidRequest("no trial \(trialId)")
            }
            guard (row[1] as String) != "done" else { return .done }
            let ledger = SweepLedger(db)
            let (_, final) = try Self.spendFailure(db, ledger: ledger, trial: row[0], trialId: trialId, leaseId: nil, error: error,
                                              worker: nil, now: t, maxAttempts: maxAttempts)
            try ledger.commit(now: t)
            return final ? .failed : .pending
        }
    }
}

/// One `record` call waiting for its group commit.
struct RecordJob: Sendable {
    var batch: [PreparedResult]
    var now: Double
}

/// A result item after the checks and JSON encoding done outside the transaction.
struct PreparedResult: Sendable {
    var item: ResultItem
    var problem: String?
    var metricsProblems: [String] = []
    var metricsJSON: String?
}
