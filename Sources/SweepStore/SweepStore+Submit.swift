import Foundation
import GRDB
import SweepModel

extension SweepStore {
    /// Adds a grid's trials to the sweep named by the grid (creating it): the union of what
    /// it had and the grid's trials. Trials are global: one that already exists (in this or
    /// another sweep) is joined, not duplicated, and keeps its state and result. Re-submitting
    /// the same grid adds nothing (`new` = 0); more seeds or axis values add only the new
    /// trials. A finished or cancelled sweep with work left becomes running; a paused one
    /// stays paused. Every trial is validated before anything is written.
    ///
    /// Trials are computed one at a time inside the transaction, so memory stays constant
    /// even for a million-trial grid; the writer is then busy for a few seconds.
    public func submit(_ spec: GridSpec, now: Date? = nil) async throws(StoreError) -> SubmitResponse {
        let now = now ?? options.clock.now()
        do { try spec.validateAll() } catch { throw .invalidGrid(error) }
        let t = now.timeIntervalSince1970
        let response = try await write { db in
            try Self.submit(db, name: spec.name, description: spec.description, grid: spec.jsonText(),
                            trials: spec.lazyTrials, now: t, adaptive: spec.adaptive != nil)
        }
        if response.new >= options.walCheckpointAfterTrials { await truncateWAL() }
        return response
    }

    /// Copies the WAL into the database and truncates it to zero bytes: SQLite's automatic
    /// checkpoints copy a large submit's WAL back but never shrink the file. Best effort: with a
    /// long read in progress the checkpoint cannot finish, and the next one will.
    func truncateWAL() async {
        do {
            _ = try await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        } catch {
            // Not an error for the submit, which is committed; the WAL is only larger.
        }
    }

    /// `adaptive`: the grid has an adaptive block, so the sweep is not finished here when nothing
    /// remains (the adaptive driver decides; SweepStore+Adaptive.swift), except that the same
    /// grid submitted again to a finished sweep changes nothing.
    static func submit(_ db: Database, name: String, description: String?, grid: String, trials: some Sequence<Trial>,
                       now: Double, adaptive: Bool = false, logKind: String = "submit") throws -> SubmitResponse {
        var sweepSeq: Int64
        var oldState: SweepState
        var resubmission = false
        var gridChanged = true
        if let row = try Row.fetchOne(db, sql: "SELECT seq, state, grid FROM sweeps WHERE id = ?", arguments: [name]) {
            sweepSeq = row[0]
            oldState = SweepState(rawValue: row[1]) ?? .running
            gridChanged = (row[2] as String) != grid
            resubmission = true
            try db.execute(sql: "UPDATE sweeps SET grid = ?, description = ?, updatedAt = ? WHERE seq = ?",
                           arguments: [grid, description, now, sweepSeq])
        } else {
            try db.execute(sql: """
                INSERT INTO sweeps(id, description, state, grid, createdAt, updatedAt, activatedAt)
                VALUES (?, ?, 'running', ?, ?, ?, ?)
                """, arguments: [name, description, grid, now, now, now])
            sweepSeq = db.lastInsertedRowID
            oldState = .running
        }
        // New members count toward `runnable` as long as the sweep is running; a state change
        // below adjusts every member at once.
        let runningNow = oldState == .running
        let find = try db.cachedStatement(sql: "SELECT seq, state FROM trials WHERE id = ?")
        let insertTrial = try db.cachedStatement(sql: """
            INSERT INTO trials(id, steps, state, runnable, createdAt, updatedAt) VALUES (?, ?, 'pending', ?, ?, ?)
            ON CONFLICT(id) DO NOTHING
            """)
        let insertConfig = try db.cachedStatement(sql: "INSERT INTO trialConfigs(trial, config) VALUES (?, ?)")
        let insertMember = try db.cachedStatement(sql: "INSERT OR IGNORE INTO membership(sweep, trial, point) VALUES (?, ?, ?)")
        let resultOf = try db.cachedStatement(sql: "SELECT metrics FROM results WHERE trial = ?")
        var points = try GridPointBackfill(db, sweep: sweepSeq)
        let bump = try db.cachedStatement(sql: "UPDATE trials SET runnable = runnable + 1 WHERE seq = ?")
        var added = TrialCounts()
        var newTrials = 0
        for trial in trials {
            // A new sweep's trials are mostly new: insert first, look up only on conflict. A
            // re-submission's trials mostly exist: look up first.
            var existing: Row? = nil
            if resubmission { existing = try Row.fetchOne(find, arguments: [trial.id]) }
            if existing == nil {
                try insertTrial.execute(arguments: [trial.id, trial.config.steps, runningNow ? 1 : 0, now, now])
            }
            if existing == nil && db.changesCount > 0 {
                let seq = db.lastInsertedRowID
                try insertConfig.execute(arguments: [seq, trial.canonicalConfig])
                let point = try points.point(sweep: sweepSeq, config: trial.config)
                try insertMember.execute(arguments: [sweepSeq, seq, point])
                points.joined(point: point, state: .pending, metricsJSON: nil)
                added.pending += 1
                newTrials += 1
            } else if let row = try existing ?? Row.fetchOne(find, arguments: [trial.id]) {
                let seq: Int64 = row[0]
                let point = try points.point(sweep: sweepSeq, config: trial.config)
                try insertMember.execute(arguments: [sweepSeq, seq, point])
                guard db.changesCount > 0 else { continue }
                let state = TrialState(rawValue: row[1]) ?? .pending
                points.joined(point: point, state: state,
                              metricsJSON: state == .done ? try String.fetchOne(resultOf, arguments: [seq]) : nil)
                added.add(state, 1)
                if runningNow { try bump.execute(arguments: [seq]) }
            }
        }
        try points.flush()
        guard let counts = try Row.fetchOne(db, sql: """
            UPDATE sweeps SET pending = pending + ?, leased = leased + ?, done = done + ?, failed = failed + ?
            WHERE seq = ? RETURNING pending, leased, done, failed
            """, arguments: [added.pending, added.leased, added.done, added.failed, sweepSeq]) else {
            throw StoreError.database("sweep \(name) vanished during submit")
        }
        let total = TrialCounts(pending: counts[0], leased: counts[1], done: counts[2], failed: counts[3])
        let target: SweepState = if adaptive {
            oldState == .finished && added.total == 0 && !gridChanged ? .finished : (oldState == .paused ? .paused : .running)
        } else {
            total.remaining == 0 ? .finished : (oldState == .paused ? .paused : .running)
        }
        try SweepStates.set(db, seq: sweepSeq, id: name, from: oldState, to: target, now: now)
        try Events.log(db, at: now, kind: logKind, sweep: name,
                       detail: "trials \(total.total), new \(added.total) (\(newTrials) never seen before)")
        return SubmitResponse(sweepId: name, trials: total.total, new: added.total)
    }
}
