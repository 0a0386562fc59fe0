import Foundation
import GRDB
import SweepModel

extension SweepStore {
    /// Adds a grid's trials to the sweep named by the grid (creating it): the union of what
    /// it had and the grid's trials. Trials are global: one that already exists (in this or
    /// another sweep) is joined, not duplicated, and keeps its state and result. Re-submitting
    /// the same grid adds nothing (`new` = 0); more seeds or axis values add only the new
    /// trials. A finished or cancelled sweep with work left becomes running; a paused one
    /// stays paused. Every trial is validated (`GridSpec.trials()`) before anything is written.
    public func submit(_ spec: GridSpec, now: Date = Date()) async throws(StoreError) -> SubmitResponse {
        let trials: [Trial]
        do { trials = try spec.trials() } catch { throw .invalidGrid(error) }
        let name = spec.name
        let description = spec.description
        let grid = spec.jsonText()
        let t = now.timeIntervalSince1970
        return try await write { db in
            try Self.submit(db, name: name, description: description, grid: grid, trials: trials, now: t)
        }
    }

    static func submit(_ db: Database, name: String, description: String?, grid: String, trials: [Trial],
                       now: Double) throws -> SubmitResponse {
        var sweepSeq: Int64
        var oldState: SweepState
        if let row = try Row.fetchOne(db, sql: "SELECT seq, state FROM sweeps WHERE id = ?", arguments: [name]) {
            sweepSeq = row[0]
            oldState = SweepState(rawValue: row[1]) ?? .running
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
            """)
        let insertConfig = try db.cachedStatement(sql: "INSERT INTO trialConfigs(trial, config) VALUES (?, ?)")
        let insertMember = try db.cachedStatement(sql: "INSERT OR IGNORE INTO membership(sweep, trial) VALUES (?, ?)")
        let bump = try db.cachedStatement(sql: "UPDATE trials SET runnable = runnable + 1 WHERE seq = ?")
        var added = TrialCounts()
        var newTrials = 0
        for trial in trials {
            if let row = try Row.fetchOne(find, arguments: [trial.id]) {
                let seq: Int64 = row[0]
                try insertMember.execute(arguments: [sweepSeq, seq])
                guard db.changesCount > 0 else { continue }
                added.add(TrialState(rawValue: row[1]) ?? .pending, 1)
                if runningNow { try bump.execute(arguments: [seq]) }
            } else {
                try insertTrial.execute(arguments: [trial.id, trial.config.steps, runningNow ? 1 : 0, now, now])
                let seq = db.lastInsertedRowID
                try insertConfig.execute(arguments: [seq, trial.canonicalConfig])
                try insertMember.execute(arguments: [sweepSeq, seq])
                added.pending += 1
                newTrials += 1
            }
        }
        guard let counts = try Row.fetchOne(db, sql: """
            UPDATE sweeps SET pending = pending + ?, leased = leased + ?, done = done + ?, failed = failed + ?
            WHERE seq = ? RETURNING pending, leased, done, failed
            """, arguments: [added.pending, added.leased, added.done, added.failed, sweepSeq]) else {
            throw StoreError.database("sweep \(name) vanished during submit")
        }
        let total = TrialCounts(pending: counts[0], leased: counts[1], done: counts[2], failed: counts[3])
        let target: SweepState = total.remaining == 0 ? .finished : (oldState == .paused ? .paused : .running)
        try SweepStates.set(db, seq: sweepSeq, id: name, from: oldState, to: target, now: now)
        try Events.log(db, at: now, kind: "submit", sweep: name,
                       detail: "trials \(total.total), new \(added.total) (\(newTrials) never seen before)")
        return SubmitResponse(sweepId: name, trials: total.total, new: added.total)
    }
}
